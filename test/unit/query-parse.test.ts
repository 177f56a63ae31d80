import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import type { Phrase, Query } from '../../src/core/query/ast.js';
import { AUTHOR_SEPARATOR } from '../../src/core/query/document.js';
import { parseQuery } from '../../src/core/query/parse.js';

const text = (...tokens: string[]): Phrase => ({ field: 'text', tokens });
const author = (...tokens: string[]): Phrase => ({ field: 'author', tokens });
const org = (...tokens: string[]): Phrase => ({ field: 'org', tokens });
const q = (all: Phrase[][], none: Phrase[] = []): Query => ({ all: all.map((anyOf) => ({ anyOf })), none });

function errorOf(input: string): UserError {
  try {
    parseQuery(input);
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return error as UserError;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
}

describe('parseQuery: constructs', () => {
  it('requires every word', () => {
    expect(parseQuery('state space models')).toEqual(q([[text('state')], [text('space')], [text('models')]]));
  });

  it('folds case and accents like the index does', () => {
    expect(parseQuery('Über CAFÉ Ñandú')).toEqual(q([[text('uber')], [text('cafe')], [text('nandu')]]));
  });

  it('keeps a quoted phrase together', () => {
    expect(parseQuery('"speculative decoding" survey')).toEqual(
      q([[text('speculative', 'decoding')], [text('survey')]]),
    );
  });

  it('turns a hyphenated or dotted word into a phrase of its parts', () => {
    expect(parseQuery('GPT-4o state-space')).toEqual(q([[text('gpt', '4o')], [text('state', 'space')]]));
    expect(parseQuery('llama3.1')).toEqual(q([[text('llama3', '1')]]));
  });

  it('binds OR to the items on either side only', () => {
    expect(parseQuery('a b OR c d')).toEqual(q([[text('a')], [text('b'), text('c')], [text('d')]]));
    expect(parseQuery('a OR "b c" OR author:d')).toEqual(q([[text('a'), text('b', 'c'), author('d')]]));
  });

  it('treats lower-case or as a word', () => {
    expect(parseQuery('this or that')).toEqual(q([[text('this')], [text('or')], [text('that')]]));
  });

  it('excludes words, phrases, authors and organisations', () => {
    expect(parseQuery('diffusion -video -"image editing" -author:Smith -org:meta')).toEqual(
      q([[text('diffusion')]], [text('video'), text('image', 'editing'), author('smith'), org('meta')]),
    );
  });

  it('reads author: and org: with or without quotes, any case of prefix', () => {
    expect(parseQuery('author:"Tri Dao"')).toEqual(q([[author('tri', 'dao')]]));
    expect(parseQuery('author:Dao org:NVIDIA')).toEqual(q([[author('dao')], [org('nvidia')]]));
    expect(parseQuery('Author:"José Núñez"')).toEqual(q([[author('jose', 'nunez')]]));
    expect(parseQuery('author:Tri Dao')).toEqual(q([[author('tri')], [text('dao')]]));
  });

  it('drops a lone dash and words with no letters or digits', () => {
    expect(parseQuery('a - * ... b')).toEqual(q([[text('a')], [text('b')]]));
  });

  it('drops the author separator token from queries', () => {
    expect(parseQuery(`tri ${AUTHOR_SEPARATOR} dao`)).toEqual(q([[text('tri')], [text('dao')]]));
    expect(parseQuery(`author:"tri ${AUTHOR_SEPARATOR.toUpperCase()} dao"`)).toEqual(q([[author('tri', 'dao')]]));
  });

  it('runs an unclosed quote to the end of the input', () => {
    expect(parseQuery('vision "mixture of experts')).toEqual(q([[text('vision')], [text('mixture', 'of', 'experts')]]));
    expect(parseQuery('author:"Tri Dao')).toEqual(q([[author('tri', 'dao')]]));
  });

  it('keeps letters from any script', () => {
    expect(parseQuery('模型 трансформер')).toEqual(q([[text('模型')], [text('трансформер')]]));
  });

  it('drops repeated terms without changing the meaning', () => {
    expect(parseQuery('llm llm a OR a -x -x')).toEqual(q([[text('llm')], [text('a')]], [text('x')]));
  });
});

describe('parseQuery: FTS5 syntax is plain text', () => {
  it.each([
    ['NEAR(a b)', q([[text('near', 'a')], [text('b')]])],
    ['title:x', q([[text('title', 'x')]])],
    ['a*', q([[text('a')]])],
    ['^x', q([[text('x')]])],
    ['(a OR b)', q([[text('a'), text('b')]])],
    ['a AND b NOT c', q([[text('a')], [text('and')], [text('b')], [text('not')], [text('c')]])],
    ['{title abstract}: y', q([[text('title')], [text('abstract')], [text('y')]])],
    ['a + b', q([[text('a')], [text('b')]])],
    ['"a" : "b"', q([[text('a')], [text('b')]])],
  ])('%s', (input, expected) => {
    expect(parseQuery(input)).toEqual(expected);
  });
});

describe('parseQuery: errors', () => {
  it('rejects an empty query or one with nothing searchable', () => {
    for (const input of ['', '   ', '* ( ) -', '""']) {
      expect(errorOf(input).message).toMatch(/nothing to look for.*e\.g\. `/);
    }
  });

  it('rejects a query made only of exclusions, with an example', () => {
    expect(errorOf('-video -"image editing"').message).toContain('`diffusion -video`');
  });

  it('rejects OR without something on both sides', () => {
    for (const input of ['OR diffusion', 'diffusion OR', 'a OR OR b', 'OR']) {
      expect(errorOf(input).message).toMatch(/`OR` needs something to look for on each side/);
    }
  });

  it('rejects an exclusion as one side of OR', () => {
    expect(errorOf('a OR -b').message).toMatch(/exclusion cannot be one side of `OR`/);
    expect(errorOf('-b OR a').message).toMatch(/exclusion cannot be one side of `OR`/);
  });

  it('rejects author: and org: without a name', () => {
    expect(errorOf('author:').message).toContain('author:"Tri Dao"');
    expect(errorOf('diffusion author: "Tri Dao"').message).toContain('author:');
    expect(errorOf('org:""').message).toContain('org:nvidia');
  });

  it('rejects too many terms', () => {
    const words = Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ');
    expect(errorOf(words).message).toMatch(/40 terms; use at most 32/);
  });

  it('rejects a 10,000-character paste at once instead of working through it', () => {
    const paste = 'attention is all you need '.repeat(400);
    expect(paste.length).toBe(10_400);
    expect(errorOf(paste).message).toMatch(/10400 characters long; keep it under 500/);
    expect(errorOf('"'.repeat(10_000)).message).toMatch(/keep it under 500/);
  });

  it('accepts the longest allowed query', () => {
    const query = `${'x'.repeat(498)} y`;
    expect(parseQuery(query).all).toHaveLength(2);
  });

  it('every message is one sentence with an example', () => {
    for (const input of ['', '-a', 'a OR', 'a OR -b', 'author:', 'x'.repeat(501)]) {
      const message = errorOf(input).message;
      expect(message).toMatch(/^[A-Z`].*e\.g\. .*\.$/);
      expect(message).not.toMatch(/[.;]\s+[A-Z]/);
    }
  });
});
