import { describe, expect, it } from 'vitest';
import { runBounded } from '../../src/core/run-bounded.js';

/** A piece of work the test finishes by hand. */
function gates(n: number) {
  const open: (() => void)[] = [];
  const waits = Array.from({ length: n }, (_, i) => new Promise<void>((resolve) => (open[i] = resolve)));
  return { waits, open: (i: number) => open[i]!() };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('runBounded', () => {
  it('starts items in order and keeps at most `concurrency` running', async () => {
    const { waits, open } = gates(5);
    const started: number[] = [];
    let running = 0;
    let most = 0;
    const all = runBounded([0, 1, 2, 3, 4], { concurrency: 2 }, async (item) => {
      started.push(item);
      most = Math.max(most, ++running);
      await waits[item];
      running -= 1;
    });
    await settle();
    expect(started).toEqual([0, 1]);
    open(1);
    await settle();
    expect(started).toEqual([0, 1, 2]);
    for (const i of [0, 2, 3, 4]) open(i);
    await all;
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
  });

  it('starts nothing after a failure, waits for the items in flight, then throws the failure', async () => {
    const { waits, open } = gates(4);
    const started: number[] = [];
    const finished: number[] = [];
    const all = runBounded([0, 1, 2, 3], { concurrency: 2 }, async (item) => {
      started.push(item);
      await waits[item];
      if (item === 0) throw new Error('database is gone');
      finished.push(item);
    });
    let settled = false;
    void all.catch(() => (settled = true));
    await settle();
    open(0);
    await settle();
    expect(settled).toBe(false);
    open(1);
    await expect(all).rejects.toThrow('database is gone');
    expect(started).toEqual([0, 1]);
    expect(finished).toEqual([1]);
  });

  it('starts no further item once stopping', async () => {
    let stopping = false;
    const started: number[] = [];
    await runBounded([0, 1, 2, 3], { concurrency: 1, stopping: () => stopping }, async (item) => {
      started.push(item);
      if (item === 1) stopping = true;
    });
    expect(started).toEqual([0, 1]);
  });
});
