/**
 * The compressed postings give back exactly what was written: slots, frequencies (small, at the
 * 15 edge and large), across chunk chains that span many build pages, through block skipping,
 * and in the bitsets of dense terms.
 */
import { describe, expect, it } from 'vitest';
import { END, ListCursor } from '../../src/core/search/list-cursor.js';
import { boundValue, hasBit, PostingStore, quantiseBound } from '../../src/core/search/postings.js';
import { seededRandom } from '../fakes/random.js';

describe('PostingStore', () => {
  it('reads back every posting of interleaved lists spanning several pages', () => {
    const random = seededRandom(5);
    const store = new PostingStore({ blockSize: 128, denseShare: 0.3, pageBits: 16 });
    const terms = Array.from({ length: 40 }, () => store.newTerm());
    const written = terms.map(() => [] as [number, number][]);
    const documents = 60_000;
    for (let slot = 0; slot < documents; slot++) {
      for (const term of terms) {
        // Term t is in about 1 / (t + 1) of the documents; frequencies cover 1…14, 15 and beyond.
        if (random() * (term + 1) >= 1) continue;
        const freq = [1, 2, 14, 15, 16, 300, 70_000][Math.floor(random() * 7)]!;
        store.append(term, slot, freq);
        written[term]!.push([slot, freq]);
      }
    }
    store.seal((freq) => Math.min(2.1, freq / 1000), documents);
    expect(store.bytes()).toBeGreaterThan(8 << 16);
    const cursor = new ListCursor(128);
    for (const term of terms) {
      store.open(cursor, term);
      const read: [number, number][] = [];
      for (let slot = cursor.seek(0); slot !== END; slot = cursor.seek(slot + 1)) read.push([slot, cursor.freq()]);
      expect(read).toEqual(written[term]);
      expect(store.df[term]).toBe(written[term]!.length);
      const bits = store.denseBits(term);
      expect(bits !== undefined).toBe(written[term]!.length >= documents * 0.3);
      if (bits) expect(written[term]!.every(([slot]) => hasBit(bits, slot))).toBe(true);
    }
  });

  it('seals in steps to the same lists as in one go', () => {
    const build = (sealStep?: number) => {
      const store = new PostingStore({ blockSize: 8, denseShare: 0.5, rareShare: 0.05, ...(sealStep ? { sealStep } : {}) });
      const terms = Array.from({ length: 30 }, () => store.newTerm());
      for (let slot = 0; slot < 1000; slot++) for (const term of terms) if ((slot * 7 + term * 13) % (term + 1) === 0) store.append(term, slot, 1 + (slot % 20));
      return store;
    };
    const whole = build();
    const wholeDropped = whole.seal((freq) => freq / 100, 1000);
    const stepped = build(100);
    const steps = stepped.sealing((freq) => freq / 100, 1000);
    let yields = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) yields += 1;
    expect(yields).toBeGreaterThan(10);
    expect(wholeDropped.includes(1)).toBe(true);
    expect([...step.value]).toEqual([...wholeDropped]);
    expect(stepped.terms).toBe(whole.terms);
    expect(stepped.bytes()).toBe(whole.bytes());
    const read = (store: PostingStore, term: number) => {
      const cursor = new ListCursor(8);
      store.open(cursor, term);
      const out: number[] = [];
      for (let slot = cursor.seek(0); slot !== END; slot = cursor.seek(slot + 1)) out.push(slot, cursor.freq(), cursor.blockBound);
      return out;
    };
    for (let term = 0; term < whole.terms; term++) expect(read(stepped, term)).toEqual(read(whole, term));
  });

  it('skips blocks by their headers and bounds every posting in them', () => {
    const store = new PostingStore({ blockSize: 4 });
    const term = store.newTerm();
    const slots = Array.from({ length: 50 }, (_, i) => i * 3 + 1);
    slots.forEach((slot, i) => store.append(term, slot, 1 + (i % 5)));
    const factor = (freq: number) => freq / 10;
    store.seal(factor, 200);
    const cursor = new ListCursor(4);
    store.open(cursor, term);
    expect(cursor.shallow(100)).toBe(true);
    expect(cursor.blockLast).toBeGreaterThanOrEqual(100);
    expect(cursor.seek(100)).toBe(100);
    const inBlock = slots.filter((s) => s >= 100 && s <= cursor.blockLast).map((_, i, all) => all[i]!);
    for (const slot of inBlock) {
      const freq = 1 + (slots.indexOf(slot) % 5);
      expect(cursor.blockBound).toBeGreaterThanOrEqual(factor(freq));
    }
    expect(cursor.seek(149)).toBe(END);
  });

  it('never quantises a bound below its factor', () => {
    for (let i = 0; i <= 10_000; i++) {
      const factor = (i / 10_000) * 2.2;
      expect(boundValue(quantiseBound(factor))).toBeGreaterThanOrEqual(factor * (1 - 1e-12));
    }
  });
});
