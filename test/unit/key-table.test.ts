/**
 * The table that numbers every term of the index and the topic matcher keeps tokens as bytes with
 * a byte of field and hash beside each: whatever the script, every token keeps its own key per
 * field through the table's growth, is found again as a string or straight from ASCII text, and
 * no other token (a prefix, another field, another script) is taken for it.
 */
import { describe, expect, it } from 'vitest';
import type { Field } from '../../src/core/query/ast.js';
import { asciiHash, createKeyTable } from '../../src/core/query/token-keys.js';

const FIELDS: readonly Field[] = ['text', 'author', 'org'];

function tokens(): string[] {
  const out: string[] = [];
  for (let i = 0; i < 20_000; i++) {
    out.push(`w${i.toString(36)}`);
    if (i % 10 === 0) out.push(`${i}`, `论文${i}`, `σ${i}ς`, `😀${i}`, `é${i}`);
  }
  // Prefixes and one-character neighbours of other tokens; characters that share their low byte; the empty token.
  out.push('w', 'w1', 'w10', 'w1a', '论', '论文', '\u00ba', '\u8bba', '\u0101', '\u0201', '', 'a'.repeat(5000));
  return [...new Set(out)];
}

describe('the key table', () => {
  it('gives every token in every field its own key, found again as a string and from ASCII text', () => {
    const table = createKeyTable(7);
    const all = tokens();
    const keys = new Map<string, number>();
    for (const token of all) for (const field of FIELDS) keys.set(`${field}:${token}`, table.keyOf(field, token));
    expect(table.size).toBe(all.length * FIELDS.length);
    expect(new Set(keys.values()).size).toBe(keys.size);
    expect(Math.min(...keys.values())).toBe(7);
    for (const token of all) {
      for (const field of FIELDS) {
        const key = keys.get(`${field}:${token}`);
        expect(table.keyOf(field, token)).toBe(key);
        expect(table.find(field, token)).toBe(key);
      }
    }
    // ASCII runs are looked up in the text itself, lowercased; a run that is no token is not found.
    const text = `x W1A y Q10 ${'A'.repeat(5000)}`;
    expect(table.findAscii('text', text, 2, 5, asciiHash(text, 2, 5))).toBe(keys.get('text:w1a'));
    expect(table.findAscii('org', text, 2, 5, asciiHash(text, 2, 5))).toBe(keys.get('org:w1a'));
    expect(table.findAscii('text', text, 8, 11, asciiHash(text, 8, 11))).toBe(-1);
    expect(table.findAscii('author', text, 12, 5012, asciiHash(text, 12, 5012))).toBe(keys.get(`author:${'a'.repeat(5000)}`));
    expect(table.find('text', '论文0x')).toBe(-1);
    expect(table.find('text', 'σ10')).toBe(-1);
    // Each key gives back its field and token.
    for (const name of ['org:论文10', 'text:', 'author:w1a', 'text:😀20', 'org:\u8bba']) expect(table.entry(keys.get(name)!)).toEqual({ field: name.slice(0, name.indexOf(':')), token: name.slice(name.indexOf(':') + 1) });
    expect(() => table.entry(6)).toThrow(RangeError);
    // Trimming keeps every key.
    table.trim();
    for (const token of all.slice(0, 500)) expect(table.find('author', token)).toBe(keys.get(`author:${token}`));
    expect(table.keyOf('text', 'new after trim')).toBe(7 + all.length * FIELDS.length);
  });
});
