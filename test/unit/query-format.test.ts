import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import type { Query } from '../../src/core/query/ast.js';
import { formatQuery } from '../../src/core/query/format.js';
import { parseQuery } from '../../src/core/query/parse.js';

function tryParse(input: string): Query | undefined {
  try {
    return parseQuery(input);
  } catch (error) {
    if (error instanceof UserError) return undefined;
    throw error;
  }
}

const piece = fc.constantFrom(
  ' ', ' ', ' ', 'OR', 'or', '-', '"', 'author:', 'org:', 'Author:', 'title:', ':', '*', '(', ')', '^',
  'NEAR', 'AND', 'NOT', '{', '}', 'a', 'B', 'diffusion', 'Über', 'café', 'Ñandú', 'GPT-4o', 'state-space',
  'x.y', '_', "'", 'é', '\u0301', '模型', 'xxauthorxx', '\t',
);
const queryText = fc.array(piece, { maxLength: 24 }).map((parts) => parts.join(''));

describe('formatQuery', () => {
  it('writes the canonical form of each construct', () => {
    expect(formatQuery(parseQuery('Diffusion  GPT-4o OR "State Space" -video -author:"Tri Dao" org:NVIDIA'))).toBe(
      'diffusion "gpt 4o" OR "state space" org:nvidia -video -author:"tri dao"',
    );
    expect(formatQuery(parseQuery('author:Dao -org:"Google DeepMind"'))).toBe('author:dao -org:"google deepmind"');
  });

  it('gives two spellings of the same topic the same text', () => {
    expect(formatQuery(parseQuery('  Speculative   "DECODING" '))).toBe(formatQuery(parseQuery('speculative decoding')));
    expect(formatQuery(parseQuery('state-space'))).toBe(formatQuery(parseQuery('"state space"')));
  });

  it('round-trips any query built from the language pieces', () => {
    fc.assert(
      fc.property(queryText, (input) => {
        const parsed = tryParse(input);
        if (parsed === undefined) return;
        const text = formatQuery(parsed);
        expect(parseQuery(text)).toEqual(parsed);
        expect(formatQuery(parseQuery(text))).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips arbitrary unicode input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (input) => {
        const parsed = tryParse(input);
        if (parsed === undefined) return;
        expect(parseQuery(formatQuery(parsed))).toEqual(parsed);
      }),
      { numRuns: 2000 },
    );
  });
});
