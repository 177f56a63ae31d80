import { describe, expect, it } from 'vitest';
import { quotaResetMs, retryAfterMs, serverWaitMs } from '../../../src/sources/hf/rate-limit.js';

const NOW = Date.parse('2026-06-03T12:00:00Z');

describe('rate-limit headers', () => {
  it('reads Retry-After in seconds and as an HTTP date', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': '30' }), NOW)).toBe(30_000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Wed, 03 Jun 2026 12:01:30 GMT' }), NOW)).toBe(90_000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }), NOW)).toBeUndefined();
  });

  it('reads the structured RateLimit header Hugging Face sends, only when the quota is used up', () => {
    const used = new Headers({ ratelimit: '"api";r=0;t=55', 'ratelimit-policy': '"fixed window";"api";q=500;w=300' });
    expect(quotaResetMs(used, NOW)).toBe(55_000);
    expect(quotaResetMs(new Headers({ ratelimit: '"api";r=120;t=55' }), NOW)).toBeUndefined();
  });

  it('reads the older combined and separate forms', () => {
    expect(quotaResetMs(new Headers({ ratelimit: 'limit=500, remaining=0, reset=40' }), NOW)).toBe(40_000);
    expect(quotaResetMs(new Headers({ 'ratelimit-remaining': '0', 'ratelimit-reset': '12' }), NOW)).toBe(12_000);
    expect(quotaResetMs(new Headers({ 'ratelimit-remaining': '3', 'ratelimit-reset': '12' }), NOW)).toBeUndefined();
  });

  it('takes the longest of all the waits a response asks for', () => {
    const headers = new Headers({ 'retry-after': '5', ratelimit: '"api";r=0;t=55, "pages";r=0;t=70' });
    expect(serverWaitMs(headers, NOW)).toBe(70_000);
    expect(serverWaitMs(new Headers(), NOW)).toBeUndefined();
  });
});
