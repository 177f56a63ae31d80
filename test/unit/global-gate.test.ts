import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createGlobalGate, gatedMakeRequest } from '../../src/platforms/discord/global-gate.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const PERIOD = 1_000;
const after = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('the global gate', () => {
  it('lets the limit through at once, and the next request a full period after the first answer, not after the first send', async () => {
    const gate = createGlobalGate({ limit: 2, periodMs: PERIOD, now: () => Date.now() });
    const start = Date.now();
    const sentAt: number[] = [];
    // The first request takes 200 ms to answer; the others answer at once.
    const requests = [200, 0, 0, 0].map((roundTrip) =>
      gate.run(async () => {
        sentAt.push(Date.now() - start);
        await after(roundTrip);
      }),
    );
    await vi.runAllTimersAsync();
    await Promise.all(requests);
    // The third waits for the second's place (answered at 0 ms), the fourth for the first's (answered at 200 ms).
    expect(sentAt).toEqual([0, 0, PERIOD, 200 + PERIOD]);
    expect(gate.held()).toBe(2);
    await vi.advanceTimersByTimeAsync(2 * PERIOD);
    expect(gate.held()).toBe(0);
  });

  it('never lets Discord count more than the limit in any period, whatever each request takes to arrive and to answer', async () => {
    const limit = 4;
    const request = fc.record({ at: fc.nat(2_500), up: fc.nat(400), down: fc.nat(400) });
    await fc.assert(
      fc.asyncProperty(fc.array(request, { minLength: 1, maxLength: 30 }), async (requests) => {
        vi.setSystemTime(0);
        const gate = createGlobalGate({ limit, periodMs: PERIOD, now: () => Date.now() });
        const arrivals: number[] = [];
        const done = requests.map(async ({ at, up, down }) => {
          await after(at);
          await gate.run(async () => {
            await after(up);
            arrivals.push(Date.now());
            await after(down);
          });
        });
        await vi.runAllTimersAsync();
        await Promise.all(done);
        arrivals.sort((a, b) => a - b);
        expect(arrivals).toHaveLength(requests.length);
        // Any limit + 1 arrivals span at least a period: no second, wherever it starts, holds more than the limit.
        for (let i = 0; i + limit < arrivals.length; i++) expect(arrivals[i + limit]! - arrivals[i]!).toBeGreaterThanOrEqual(PERIOD);
      }),
      { numRuns: 150 },
    );
  });

  it('drops a request whose signal aborts while it waits, and gives its turn to the next', async () => {
    const gate = createGlobalGate({ limit: 1, periodMs: PERIOD, now: () => Date.now() });
    const ran: string[] = [];
    await gate.run(async () => void ran.push('first'));
    const controller = new AbortController();
    const aborted = gate.run(async () => void ran.push('aborted'), controller.signal);
    const next = gate.run(async () => void ran.push('next'));
    controller.abort(new Error('timed out'));
    await expect(aborted).rejects.toThrow('timed out');
    await vi.runAllTimersAsync();
    await next;
    expect(ran).toEqual(['first', 'next']);
  });

  it('sends interaction callbacks and follow-ups past the gate, and everything else through it', async () => {
    const gate = createGlobalGate({ limit: 1, periodMs: PERIOD, now: () => Date.now() });
    const seen: string[] = [];
    const inner = vi.fn(async (url: string) => {
      seen.push(new URL(url).pathname);
      return new Response(null, { status: 204 });
    });
    const request = gatedMakeRequest(gate, inner as never);
    const api = 'http://127.0.0.1:1/api/v10';
    await request(`${api}/channels/1/messages`, { method: 'POST' });
    const waiting = request(`${api}/channels/2/messages`, { method: 'POST' });
    await request(`${api}/interactions/5/tok/callback`, { method: 'POST' });
    await request(`${api}/webhooks/6/tok/messages/@original`, { method: 'PATCH' });
    expect(seen).toEqual(['/api/v10/channels/1/messages', '/api/v10/interactions/5/tok/callback', '/api/v10/webhooks/6/tok/messages/@original']);
    await vi.advanceTimersByTimeAsync(PERIOD);
    await waiting;
    expect(seen.at(-1)).toBe('/api/v10/channels/2/messages');
  });
});
