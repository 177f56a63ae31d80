/**
 * Discord's global limit (50 requests per second for a bot), kept on our side so that Discord never
 * has to refuse a request. Discord counts a request when it arrives and sends no header telling where
 * its second begins, so a client cannot line its windows up with Discord's; discord.js's own count
 * opens a window when it sends and opens the next as soon as that one ends, and a request that
 * travelled a little longer than the next one then lands in Discord's earlier second (the stray
 * global 429).
 *
 * What the gate knows for certain: a request has reached Discord by the time its answer is back. So
 * each request holds one of the `limit` places from when it is sent until a full period after its
 * answer; a new request goes only while fewer than `limit` places are held. Any `limit + 1` requests
 * that Discord could see within one period would have to include one sent while all the others held
 * their places, so no period as Discord counts it (fixed windows starting anywhere, or a sliding one)
 * ever holds more than `limit`, whatever the latency and its jitter. The cost is one round trip per
 * period: at 60 ms, 50 requests per 1.06 s.
 */
import { DefaultRestOptions } from 'discord.js';

/** Discord's documented global limit for a bot. */
export const GLOBAL_LIMIT = 50;
export const GLOBAL_PERIOD_MS = 1_000;

export interface GlobalGate {
  /** Waits for a place, sends, and keeps the place until a period after the answer (or the failure). */
  run<T>(send: () => Promise<T>, signal?: AbortSignal | null): Promise<T>;
  /** Places held now (in flight, or answered within the last period). */
  held(): number;
}

interface Waiter {
  readonly grant: () => void;
}

export function createGlobalGate(options: { limit?: number; periodMs?: number; now?: () => number } = {}): GlobalGate {
  const limit = options.limit ?? GLOBAL_LIMIT;
  const periodMs = options.periodMs ?? GLOBAL_PERIOD_MS;
  const now = options.now ?? (() => performance.now());
  /** When each held place frees: Infinity while its request is in flight. */
  const places = new Set<{ freeAt: number }>();
  const queue: Waiter[] = [];
  let timer: NodeJS.Timeout | undefined;

  function pump(): void {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const t = now();
    for (const place of places) if (place.freeAt <= t) places.delete(place);
    while (queue.length > 0 && places.size < limit) queue.shift()!.grant();
    if (queue.length === 0) return;
    // Full: wake when the earliest answered place frees (an answer still in flight calls pump itself).
    let next = Infinity;
    for (const place of places) next = Math.min(next, place.freeAt);
    if (next !== Infinity) timer = setTimeout(pump, Math.max(0, next - t));
  }

  function enter(signal?: AbortSignal | null): Promise<{ freeAt: number }> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const place = { freeAt: Infinity };
      const onAbort = () => {
        const at = queue.indexOf(waiter);
        if (at >= 0) queue.splice(at, 1);
        reject(signal?.reason);
      };
      const waiter: Waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          places.add(place);
          resolve(place);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      queue.push(waiter);
      pump();
    });
  }

  return {
    async run(send, signal) {
      const place = await enter(signal);
      try {
        return await send();
      } finally {
        place.freeAt = now() + periodMs;
        pump();
      }
    },
    held: () => {
      const t = now();
      return [...places].filter((place) => place.freeAt > t).length;
    },
  };
}

type MakeRequest = typeof DefaultRestOptions.makeRequest;

/**
 * discord.js's network call with the gate in front: every request to the API passes it, retries
 * included, except interaction callbacks and webhooks (interaction follow-ups), which Discord leaves
 * out of the global limit, so a command's answer never waits behind a delivery run.
 */
export function gatedMakeRequest(gate: GlobalGate, inner: MakeRequest = DefaultRestOptions.makeRequest): MakeRequest {
  return (url, init) => {
    if (/\/(?:interactions|webhooks)\//.test(new URL(url).pathname)) return inner(url, init);
    return gate.run(() => inner(url, init), init.signal);
  };
}
