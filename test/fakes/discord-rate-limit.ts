/**
 * Discord's rate limits for the fake, opt-in: a global limit (50 requests per second for a bot) and
 * per-route buckets on channel routes (5 requests per 5 s for each route and channel, DM channels
 * included). Requests are counted when they arrive, as Discord can only count them then.
 *
 * A route's windows are fixed, as its bucket headers describe them: a window opens with the first
 * request after the last one closed and lasts the period. The global limit has no headers until it
 * refuses, and Discord documents only "50 requests per second", not where a second begins; the fake
 * takes the strictest reading, any second: a request is refused when the period before it already
 * holds the limit, so a client that passes here passes wherever Discord's windows start.
 *
 * A request over a limit is refused with 429, `retry_after` and the headers Discord sends; a refused
 * request uses up nothing. Every answer on a bucketed route carries the bucket headers so a client
 * can pace itself. Interaction callbacks and webhooks are outside the global limit, as on Discord.
 */
import { createHash } from 'node:crypto';

export interface RateLimitOptions {
  /** Requests per `globalPeriodMs` for the whole bot; default 50. */
  readonly globalLimit?: number;
  readonly globalPeriodMs?: number;
  /** Requests per `routePeriodMs` for each route on each channel; default 5. */
  readonly routeLimit?: number;
  readonly routePeriodMs?: number;
}

export interface RateLimitStats {
  /** Requests let through. */
  readonly admitted: number;
  /** Requests refused by the global limit, and by a route's bucket. */
  readonly globalRefused: number;
  readonly routeRefused: number;
}

export type Verdict =
  | { readonly ok: true; readonly headers: Record<string, string> }
  | { readonly ok: false; readonly status: 429; readonly body: Record<string, unknown>; readonly headers: Record<string, string> };

export interface RateLimiter {
  readonly limits: Required<RateLimitOptions>;
  /** Decides on one request and, when it passes, counts it against its windows. */
  admit(method: string, path: string): Verdict;
  stats(): RateLimitStats;
}

interface Window {
  count: number;
  resetAt: number;
}

/** `/channels/123/messages/456/threads` → the channel (major parameter) and the route with other ids blanked. */
export function channelRoute(path: string): { channelId: string; route: string } | undefined {
  const m = /^\/channels\/(\d+)(\/.*)?$/.exec(path);
  if (!m) return undefined;
  return { channelId: m[1]!, route: `/channels/:channel${(m[2] ?? '').replace(/\/\d+/g, '/:id')}` };
}

export function createRateLimiter(options: RateLimitOptions = {}): RateLimiter {
  const limits: Required<RateLimitOptions> = {
    globalLimit: options.globalLimit ?? 50,
    globalPeriodMs: options.globalPeriodMs ?? 1_000,
    routeLimit: options.routeLimit ?? 5,
    routePeriodMs: options.routePeriodMs ?? 5_000,
  };
  /** Arrival times of the last `globalLimit` requests the global limit let through, oldest first. */
  const recent: number[] = [];
  const buckets = new Map<string, Window>();
  let admitted = 0;
  let globalRefused = 0;
  let routeRefused = 0;

  const current = (window: Window, now: number, periodMs: number): Window => {
    if (now >= window.resetAt) {
      window.count = 0;
      window.resetAt = now + periodMs;
    }
    return window;
  };

  function admit(method: string, path: string): Verdict {
    const now = Date.now();
    const exempt = path.startsWith('/interactions/') || path.startsWith('/webhooks/');
    const routed = channelRoute(path);
    const hash = routed ? bucketHash(method, routed.route) : undefined;
    const key = routed ? `${hash}:${routed.channelId}` : undefined;
    let bucket = key ? buckets.get(key) : undefined;
    if (key && !bucket) buckets.set(key, (bucket = { count: 0, resetAt: 0 }));
    if (bucket) current(bucket, now, limits.routePeriodMs);
    // The period before this request already holds the limit when the limit-th latest is inside it.
    const oldest = recent.length >= limits.globalLimit ? recent[recent.length - limits.globalLimit]! : -Infinity;

    if (!exempt && oldest + limits.globalPeriodMs > now) {
      globalRefused += 1;
      const after = (oldest + limits.globalPeriodMs - now) / 1000;
      return {
        ok: false,
        status: 429,
        body: { message: 'You are being rate limited.', retry_after: seconds(after), global: true, code: 0 },
        headers: { 'retry-after': String(Math.max(1, Math.ceil(after))), 'x-ratelimit-global': 'true', 'x-ratelimit-scope': 'global' },
      };
    }
    if (bucket && bucket.count >= limits.routeLimit) {
      routeRefused += 1;
      const after = (bucket.resetAt - now) / 1000;
      return {
        ok: false,
        status: 429,
        body: { message: 'You are being rate limited.', retry_after: seconds(after), global: false, code: 0 },
        headers: { 'retry-after': String(Math.max(1, Math.ceil(after))), 'x-ratelimit-scope': 'user', ...bucketHeaders(bucket, hash!, now) },
      };
    }
    if (!exempt) {
      recent.push(now);
      if (recent.length > limits.globalLimit) recent.shift();
    }
    if (bucket) bucket.count += 1;
    admitted += 1;
    return { ok: true, headers: bucket ? bucketHeaders(bucket, hash!, now) : {} };
  }

  function bucketHeaders(bucket: Window, hash: string, now: number): Record<string, string> {
    return {
      'x-ratelimit-limit': String(limits.routeLimit),
      'x-ratelimit-remaining': String(Math.max(0, limits.routeLimit - bucket.count)),
      'x-ratelimit-reset': seconds(bucket.resetAt / 1000).toFixed(3),
      'x-ratelimit-reset-after': seconds((bucket.resetAt - now) / 1000).toFixed(3),
      'x-ratelimit-bucket': hash,
    };
  }

  return { limits, admit, stats: () => ({ admitted, globalRefused, routeRefused }) };
}

/** Discord's bucket ids are opaque and shared by every channel on the same route. */
function bucketHash(method: string, route: string): string {
  return createHash('sha256').update(`${method} ${route}`).digest('hex').slice(0, 32);
}

function seconds(value: number): number {
  return Math.round(Math.max(0, value) * 1000) / 1000;
}
