/**
 * The compressed postings give back exactly what was written: slots, frequencies (small, at the
 * 15 edge and large), across chunk chains that span many build pages, through block skipping,
 * and in the bitsets of dense terms, whose lists keep only frequencies yet answer seeks, block
 * moves and bounds as the varint form does.
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
    expect(store.heapBytes()).toBeGreaterThan(8 << 16);
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
      const store = new PostingStore({ blockSize: 8, denseShare: 0.5, ...(sealStep ? { sealStep } : {}) });
      const terms = Array.from({ length: 30 }, () => store.newTerm());
      for (let slot = 0; slot < 1000; slot++) for (const term of terms) if ((slot * 7 + term * 13) % (term + 1) === 0) store.append(term, slot, 1 + (slot % 20));
      return store;
    };
    const whole = build();
    whole.seal((freq) => freq / 100, 1000);
    const stepped = build(100);
    const steps = stepped.sealing((freq) => freq / 100, 1000);
    let yields = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) yields += 1;
    expect(yields).toBeGreaterThan(10);
    expect(stepped.terms).toBe(whole.terms);
    expect(stepped.heapBytes()).toBe(whole.heapBytes());
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

const FREQS = [1, 7, 14, 15, 16, 269, 270, 271, 70_000];
/** Depends on the slot too, so that bounds differ within a block. */
const factor = (freq: number, slot: number) => Math.min(2.1, freq / 1000 + (slot % 97) / 100);

/**
 * Postings in stretches of 700 slots: half the slots, none, one in 40, and so on, so that a list
 * crosses many directory and block edges and runs of empty blocks. Frequencies cover 1…14, the 15
 * edge and the escapes' own edge (15 + 255).
 */
function stretches(seed: number, documents: number): [number, number][] {
  const random = seededRandom(seed);
  const written: [number, number][] = [];
  for (let slot = 0; slot < documents; slot++) {
    const share = [0.5, 0, 1 / 40][Math.floor(slot / 700) % 3]!;
    if (random() < share) written.push([slot, FREQS[Math.floor(random() * FREQS.length)]!]);
  }
  return written;
}

/** One term's list sealed dense (with a bitset) or as varint blocks. */
function sealedList(written: readonly [number, number][], documents: number, blockSize: number, dense: boolean): PostingStore {
  const store = new PostingStore({ blockSize, denseShare: dense ? 0.01 : 2 });
  const term = store.newTerm();
  for (const [slot, freq] of written) store.append(term, slot, freq);
  store.seal(factor, documents);
  expect(store.denseBits(term) !== undefined).toBe(dense);
  return store;
}

describe('PostingStore dense lists', () => {
  const documents = 20_000;
  const written = stretches(7, documents);

  it('keeps every frequency in bitset order, escapes included, across many directory and block edges', () => {
    for (const blockSize of [4, 128]) {
      const store = sealedList(written, documents, blockSize, true);
      const cursor = new ListCursor(blockSize);
      store.open(cursor, 0);
      const read: [number, number][] = [];
      for (let slot = cursor.seek(0); slot !== END; slot = cursor.seek(slot + 1)) read.push([slot, cursor.freq()]);
      expect(read).toEqual(written);
      expect(store.df[0]).toBe(written.length);
      // The bitset and four bits a posting at least.
      expect(store.heapBytes()).toBeGreaterThan(documents / 8 + written.length / 2);
    }
  });

  it('seeks, moves between blocks and bounds them as the varint form does', () => {
    const random = seededRandom(8);
    for (const blockSize of [4, 128]) {
      const dense = sealedList(written, documents, blockSize, true);
      const varint = sealedList(written, documents, blockSize, false);
      const [a, b] = [new ListCursor(blockSize), new ListCursor(blockSize)];
      dense.open(a, 0);
      varint.open(b, 0);
      for (let slot = 0; slot < documents + 100; slot += 1 + Math.floor(random() * random() * 3000)) {
        const found = a.seek(slot);
        expect({ slot, found }).toEqual({ slot, found: b.seek(slot) });
        if (found !== END) expect({ slot, freq: a.freq() }).toEqual({ slot, freq: b.freq() });
      }
      dense.open(a, 0);
      varint.open(b, 0);
      for (let slot = 0; slot < documents + 100; slot += 1 + Math.floor(random() * 400)) {
        const more = a.shallow(slot);
        expect({ slot, more }).toEqual({ slot, more: b.shallow(slot) });
        if (!more) continue;
        expect(a.blockLast).toBeGreaterThanOrEqual(slot);
        // No posting between `slot` and the block's end escapes its bound.
        for (const [s, freq] of written) if (s >= slot && s <= a.blockLast) expect(a.blockBound).toBeGreaterThanOrEqual(factor(freq, s));
      }
    }
  });

  it('bounds every posting by its block, and every block by the term', () => {
    const store = sealedList(written, documents, 4, true);
    const cursor = new ListCursor(4);
    store.open(cursor, 0);
    for (const [slot, freq] of written) {
      expect(cursor.shallow(slot)).toBe(true);
      expect(cursor.blockLast).toBeGreaterThanOrEqual(slot);
      expect(cursor.blockBound).toBeGreaterThanOrEqual(factor(freq, slot));
      expect(store.termBound(0)).toBeGreaterThanOrEqual(cursor.blockBound);
    }
  });

  it('ends at the sealed documents though tails set bits after them', () => {
    const sealed = Array.from({ length: 1000 }, (_, i): [number, number] => [i * 3, 1 + (i % 20)]);
    const store = sealedList(sealed, 3000, 4, true);
    // Slot 3000 shares a bitset word and a block with the last sealed posting (2997).
    for (const slot of [3000, 3001, 3100]) store.appendTail(0, slot, 20);
    expect([3000, 3001, 3100].every((slot) => hasBit(store.denseBits(0)!, slot))).toBe(true);
    const cursor = new ListCursor(4);
    store.open(cursor, 0);
    expect(cursor.seek(2997)).toBe(2997);
    expect(cursor.freq()).toBe(1 + (999 % 20));
    expect(cursor.seek(2998)).toBe(END);
    store.open(cursor, 0);
    expect(cursor.shallow(2998)).toBe(false);
    expect(cursor.seek(3000)).toBe(END);
    expect(store.df[0]).toBe(1003);
  });
});
