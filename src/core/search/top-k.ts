import type { Documents } from './search-scan.js';

/** The k best slots in search's order: score, then upvotes, the newer daily date (none last), the id. */
export class TopK {
  private slots = new Int32Array(16);
  private scores = new Float64Array(16);
  private size = 0;
  private k = 0;
  private docs: Documents | undefined;

  /** Empties it for a search of the `k` best over `docs`. */
  reset(k: number, docs: Documents): this {
    if (k > this.slots.length) {
      this.slots = new Int32Array(k);
      this.scores = new Float64Array(k);
    }
    this.size = 0;
    this.k = k;
    this.docs = docs;
    return this;
  }

  full(): boolean {
    return this.size === this.k;
  }

  /** How many entries it holds. */
  length(): number {
    return this.size;
  }

  threshold(): number {
    return this.scores[this.size - 1]!;
  }

  offer(slot: number, score: number): void {
    const k = this.k;
    if (this.size === k && !this.before(slot, score, this.size - 1)) return;
    let at = this.size === k ? k - 1 : this.size++;
    while (at > 0 && this.before(slot, score, at - 1)) {
      this.slots[at] = this.slots[at - 1]!;
      this.scores[at] = this.scores[at - 1]!;
      at -= 1;
    }
    this.slots[at] = slot;
    this.scores[at] = score;
  }

  /** The entries from place `from` on, best first. */
  entries(from: number): { slot: number; score: number }[] {
    const out: { slot: number; score: number }[] = [];
    for (let i = from; i < this.size; i++) out.push({ slot: this.slots[i]!, score: this.scores[i]! });
    return out;
  }

  /** Whether (slot, score) goes before the entry at place `at`. */
  private before(slot: number, score: number, at: number): boolean {
    const other = this.slots[at]!;
    const otherScore = this.scores[at]!;
    if (score !== otherScore) return score > otherScore;
    const { upvotes, days, ids } = this.docs!;
    if (upvotes[slot] !== upvotes[other]) return upvotes[slot]! > upvotes[other]!;
    if (days[slot] !== days[other]) return days[slot]! > days[other]!;
    return ids.compare(slot, other) < 0;
  }
}
