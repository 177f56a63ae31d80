/**
 * How long Hugging Face asks us to wait, read from `Retry-After` and the rate-limit headers. Hugging
 * Face sends the structured form (`RateLimit: "api";r=0;t=55` with `RateLimit-Policy`); older
 * drafts, still common behind proxies, use `RateLimit: limit=500, remaining=0, reset=55` or separate
 * `RateLimit-Remaining` / `RateLimit-Reset` headers.
 */

/** `Retry-After`, in seconds or as an HTTP date, converted to milliseconds from `now`. */
export function retryAfterMs(headers: Headers, now: number): number | undefined {
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** When the quota is used up (remaining 0): milliseconds until it resets. Otherwise undefined. */
export function quotaResetMs(headers: Headers, now: number): number | undefined {
  const combined = headers.get('ratelimit');
  const waits: number[] = [];
  if (combined) waits.push(...parseCombined(combined));
  const remaining = numberOf(headers.get('ratelimit-remaining'));
  const reset = numberOf(headers.get('ratelimit-reset'));
  if (remaining === 0 && reset !== undefined) waits.push(resetSeconds(reset, now));
  const longest = waits.length > 0 ? Math.max(...waits) : undefined;
  return longest === undefined ? undefined : Math.round(longest * 1000);
}

/** The longest server-requested wait a response carries, in milliseconds. */
export function serverWaitMs(headers: Headers, now: number): number | undefined {
  const waits = [retryAfterMs(headers, now), quotaResetMs(headers, now)].filter((w) => w !== undefined);
  return waits.length > 0 ? Math.max(...waits) : undefined;
}

/** Seconds to wait, one entry per exhausted policy in a `RateLimit` header of either form. */
function parseCombined(header: string): number[] {
  if (/(^|[\s,;])remaining\s*=/i.test(header)) {
    const fields = keyValues(header.split(/[,;]/));
    return fields.remaining === 0 && fields.reset !== undefined ? [fields.reset] : [];
  }
  const waits: number[] = [];
  for (const member of header.split(',')) {
    const params = keyValues(member.split(';').slice(1));
    if (params.r === 0 && params.t !== undefined) waits.push(params.t);
  }
  return waits;
}

function keyValues(parts: readonly string[]): Record<string, number | undefined> {
  const out: Record<string, number | undefined> = {};
  for (const part of parts) {
    const [key, value] = part.split('=', 2).map((s) => s.trim());
    if (key && value !== undefined) out[key.toLowerCase()] = numberOf(value);
  }
  return out;
}

/** A reset of 10^9 or more is an epoch time in seconds, not a delay (some proxies send that). */
function resetSeconds(reset: number, now: number): number {
  return reset >= 1e9 ? Math.max(0, reset - now / 1000) : reset;
}

function numberOf(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  const n = Number(value.trim().replace(/^"|"$/g, ''));
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}
