import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRouteBudget } from '../../src/platforms/discord/dm-opener.js';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(0);
});
afterEach(() => {
  vi.useRealTimers();
});

const bucket = (remaining: number, resetAfterS: number, limit = 5) =>
  new Headers({ 'x-ratelimit-limit': String(limit), 'x-ratelimit-remaining': String(remaining), 'x-ratelimit-reset-after': String(resetAfterS) });

/** Asks for `n` places and reports how many were granted once the queue has settled. */
async function ask(budget: ReturnType<typeof createRouteBudget>, n: number) {
  let granted = 0;
  for (let i = 0; i < n; i++) void budget.take().then(() => (granted += 1));
  await vi.advanceTimersByTimeAsync(0);
  return () => granted;
}

describe('the route budget for DM opens', () => {
  it('sends one request until an answer has told how much the route allows', async () => {
    const budget = createRouteBudget({ lanes: 8, now: () => Date.now() });
    const granted = await ask(budget, 3);
    expect(granted()).toBe(1);
    budget.release(bucket(3, 1));
    await vi.advanceTimersByTimeAsync(0);
    expect(granted()).toBe(3);
  });

  it('uses every lane on a route whose answers carry no bucket', async () => {
    const budget = createRouteBudget({ lanes: 4, now: () => Date.now() });
    const first = await ask(budget, 1);
    budget.release(new Headers());
    const granted = await ask(budget, 6);
    expect(first()).toBe(1);
    expect(granted()).toBe(4);
  });

  it('keeps no more in flight than the bucket has left, waits out its reset, and trusts the lowest count of one window', async () => {
    const budget = createRouteBudget({ lanes: 8, now: () => Date.now() });
    await ask(budget, 1);
    budget.release(bucket(2, 1));
    const granted = await ask(budget, 5);
    expect(granted()).toBe(2);
    // Answers come back out of order: the later count (0) stands over the earlier one (1).
    budget.release(bucket(0, 0.9));
    budget.release(bucket(1, 0.95));
    await vi.advanceTimersByTimeAsync(0);
    expect(granted()).toBe(2);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(granted()).toBe(5);
  });
});
