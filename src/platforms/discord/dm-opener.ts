/**
 * Opening DM channels several at a time. discord.js sends one request at a time per rate-limit
 * bucket (it reads each answer's headers before sending the next), and every DM open shares one
 * bucket: `POST /users/@me/channels` names no channel. So the first alerts to people the bot never
 * wrote to would open one channel per round trip, which for many people takes longer than Discord's
 * global limit needs for the whole delivery (docs/decisions/0012-measured-choices.md).
 *
 * Lanes: a few more discord.js REST clients used only for this route, each still one request at a
 * time with discord.js's own retries, 429 handling and errors, all behind the same global gate. A
 * shared budget keeps them inside the route's bucket as its headers describe it: no more opens in
 * flight than the last answer's `X-RateLimit-Remaining` (one until an answer has told, the limit
 * again once the bucket's reset has passed), so the lanes together never send more than one lane
 * that waited for each answer would have been allowed to.
 */
import { REST, Routes, type APIChannel, type ResponseLike } from 'discord.js';
import { gatedMakeRequest, type GlobalGate } from './global-gate.js';

/** DM opens in flight at most, when the route's bucket allows it. */
export const DM_OPEN_LANES = 8;

export interface DmOpener {
  /** The DM channel with this user (Discord returns the existing one when there is one). */
  open(userId: string): Promise<string>;
  stop(): void;
}

export interface RouteBudget {
  /** Waits until one more request fits the bucket, then holds a place until `release`. */
  take(): Promise<void>;
  /** The answer's headers (or nothing, when the request failed without one) and the place back. */
  release(headers?: { get(name: string): string | null }): void;
}

export function createDmOpener(options: { readonly token: string; readonly api?: string | undefined; readonly gate: GlobalGate; readonly lanes?: number }): DmOpener {
  const count = Math.max(1, options.lanes ?? DM_OPEN_LANES);
  const budget = createRouteBudget({ lanes: count });
  const gated = gatedMakeRequest(options.gate);
  const lanes = Array.from({ length: count }, () =>
    new REST({
      ...(options.api ? { api: options.api } : {}),
      // The gate keeps the global limit for every lane together, as for the client (see global-gate.ts).
      globalRequestsPerSecond: Number.POSITIVE_INFINITY,
      // Each try on the wire (discord.js's own retries included) holds a place in the route's budget.
      makeRequest: async (url, init): Promise<ResponseLike> => {
        await budget.take();
        let response: ResponseLike | undefined;
        try {
          response = await gated(url, init);
          return response;
        } finally {
          budget.release(response?.headers);
        }
      },
    }).setToken(options.token),
  );
  const idle = [...lanes];
  const waiting: ((lane: REST) => void)[] = [];

  async function open(userId: string): Promise<string> {
    const lane = idle.pop() ?? (await new Promise<REST>((resolve) => waiting.push(resolve)));
    try {
      const channel = (await lane.post(Routes.userChannels(), { body: { recipient_id: userId } })) as APIChannel;
      return channel.id;
    } finally {
      const next = waiting.shift();
      if (next) next(lane);
      else idle.push(lane);
    }
  }

  return {
    open,
    stop() {
      for (const lane of lanes) {
        lane.clearHashSweeper();
        lane.clearHandlerSweeper();
      }
    },
  };
}

/**
 * How many requests of one route may be in flight, from its bucket headers. Answers can come back
 * out of order, so within one window the lowest remaining count seen stands.
 */
export function createRouteBudget(options: { readonly lanes: number; readonly now?: () => number }): RouteBudget {
  const now = options.now ?? (() => performance.now());
  let heard = false;
  let limited = false;
  let limit = 1;
  let remaining = 1;
  let resetAt = 0;
  let inFlight = 0;
  const queue: (() => void)[] = [];
  let timer: NodeJS.Timeout | undefined;

  function allowance(t: number): number {
    if (!heard) return 1;
    if (!limited) return options.lanes;
    return t >= resetAt ? limit : remaining;
  }

  function pump(): void {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const t = now();
    while (queue.length > 0 && inFlight < allowance(t)) {
      inFlight += 1;
      queue.shift()!();
    }
    // Nothing in flight will answer: wake when the bucket resets.
    if (queue.length > 0 && inFlight === 0 && resetAt > t) timer = setTimeout(pump, resetAt - t);
  }

  function learn(headers: { get(name: string): string | null }): void {
    const t = now();
    const left = headers.get('x-ratelimit-remaining');
    const after = headers.get('x-ratelimit-reset-after');
    heard = true;
    if (left === null || after === null) return;
    const newWindow = !limited || t >= resetAt;
    limited = true;
    limit = Number(headers.get('x-ratelimit-limit') ?? left) || 1;
    remaining = newWindow ? Number(left) : Math.min(remaining, Number(left));
    resetAt = Math.max(newWindow ? 0 : resetAt, t + Number(after) * 1000);
  }

  return {
    take: () =>
      new Promise<void>((resolve) => {
        queue.push(resolve);
        pump();
      }),
    release(headers) {
      if (headers) learn(headers);
      inFlight = Math.max(0, inFlight - 1);
      pump();
    },
  };
}
