/**
 * One term's postings: the slots of the documents holding it, ascending, with the term's weighted
 * frequency in each (the sum of the bm25 column weights of its hits), in growable typed arrays.
 * It also keeps the bounds pruning needs: the largest frequency and the shortest document among
 * its postings, which bound the term's bm25 share in any document.
 */
export interface Postings {
  slots: Int32Array<ArrayBuffer>;
  freqs: Uint16Array<ArrayBuffer>;
  length: number;
  /** Live documents holding the term: FTS5's `nHit` for a one-word phrase. */
  df: number;
  maxFreq: number;
  minLength: number;
}

export function createPostings(): Postings {
  return { slots: new Int32Array(2), freqs: new Uint16Array(2), length: 0, df: 0, maxFreq: 0, minLength: Infinity };
}

export function appendPosting(p: Postings, slot: number, freq: number, docLength: number): void {
  if (p.length === p.slots.length) {
    // An eighth more, not double: after a build the lists are trimmed, and a day's papers must not double the index.
    const capacity = p.length + Math.max(4, p.length >>> 3);
    const slots = new Int32Array(capacity);
    slots.set(p.slots);
    p.slots = slots;
    const freqs = new Uint16Array(capacity);
    freqs.set(p.freqs);
    p.freqs = freqs;
  }
  p.slots[p.length] = slot;
  // Frequencies beyond 65535 would need a paper with thousands of title hits; clamp rather than wrap.
  p.freqs[p.length] = Math.min(freq, 0xffff);
  p.length += 1;
  p.df += 1;
  if (freq > p.maxFreq) p.maxFreq = freq;
  if (docLength < p.minLength) p.minLength = docLength;
}

/** Drops the spare capacity left by doubling (after a bulk build). */
export function trimPostings(p: Postings): void {
  if (p.slots.length === p.length) return;
  p.slots = p.slots.slice(0, p.length);
  p.freqs = p.freqs.slice(0, p.length);
}

/** The first index at or after `from` whose slot is ≥ `slot` (galloping, then binary search). */
export function seek(p: Postings, from: number, slot: number): number {
  const slots = p.slots;
  let hi = from;
  let step = 1;
  while (hi < p.length && slots[hi]! < slot) {
    from = hi + 1;
    hi += step;
    step *= 2;
  }
  if (hi > p.length) hi = p.length;
  let lo = from;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (slots[mid]! < slot) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
