/**
 * The forward streams a serving process keeps partly in the heap and partly in an unlinked file
 * give back every stream as written, whether read one at a time (a phrase check) or scanned in
 * order (the pair lists' build, which reads the file in large pieces): across the heap's budget,
 * across the file's read windows, streams longer than a window, and streams not yet flushed.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StreamOffsets } from '../../src/core/search/forward-store.js';
import { createFileForwardStore } from '../../src/store/forward-file.js';
import { seededRandom } from '../fakes/random.js';

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function streams(count: number, seed: number): Uint8Array[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, slot) => {
    // Mostly a few hundred bytes, some empty, and a few of several megabytes (past a read window).
    const length = slot % 97 === 5 ? 0 : slot % 700 === 7 ? 5_000_000 + slot : 1 + Math.floor(random() * 600);
    const stream = new Uint8Array(length);
    for (let i = 0; i < length; i++) stream[i] = (slot * 31 + i * 7) & 0xff;
    return stream;
  });
}

describe('forward streams in the heap and a file', () => {
  it('reads back every stream, one by one and scanned, with some still waiting to be flushed', () => {
    const directory = mkdtempSync(join(tmpdir(), 'paperboy-forward-test-'));
    directories.push(directory);
    const written = streams(3000, 11);
    const store = createFileForwardStore({ memoryBytes: 40_000, directory, slots: written.length });
    written.forEach((stream, slot) => store.append(slot, stream));
    // The file is unlinked as soon as it is open: nothing is left behind.
    expect(readdirSync(directory)).toEqual([]);

    for (const slot of [0, 1, 150, 151, 1500, 2211, 2999]) expect(Buffer.from(store.read(slot)).equals(Buffer.from(written[slot]!))).toBe(true);
    const check = (from: number, to: number) => {
      let slot = from;
      for (const stream of store.scan(from, to)) {
        expect(stream.length, `slot ${slot}`).toBe(written[slot]!.length);
        expect(Buffer.from(stream).equals(Buffer.from(written[slot]!)), `slot ${slot}`).toBe(true);
        slot += 1;
      }
      expect(slot).toBe(to);
    };
    check(0, written.length);
    // Ranges that start inside the heap and end in the file, start past the heap, and are empty.
    check(30, 900);
    check(1200, 2500);
    check(2998, 3000);
    check(7, 7);
    // A single read between scans still reads its own stream.
    expect(Buffer.from(store.read(1234)).equals(Buffer.from(written[1234]!))).toBe(true);
    store.close();
    expect(() => store.read(2000)).toThrow(/closed/);
  });

  it('keeps offsets exact past 4 GiB, where they no longer fit 32 bits', () => {
    const offsets = new StreamOffsets(4);
    const lengths = [3_000_000_000, 2_000_000_000, 0, 5, 9_000_000_000, 7, 4_294_967_296];
    let expected = 0;
    lengths.forEach((length, slot) => {
      expect(offsets.add(slot, length)).toBe(expected);
      expected += length;
    });
    lengths.forEach((length, slot) => expect(offsets.length(slot), `slot ${slot}`).toBe(length));
    expect(offsets.start(4)).toBe(5_000_000_005);
    expect(offsets.start(6)).toBe(14_000_000_012);
    expect(offsets.total).toBe(expected);
  });
});
