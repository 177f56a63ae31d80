import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UpstreamError } from '../../src/core/errors.js';
import { createHuggingFaceSource, type HuggingFaceSourceOptions } from '../../src/sources/hf/client.js';
import { NETWORK_RETRIES } from '../../src/sources/hf/http.js';
import { dailyItems } from '../fakes/hf-items.js';
import { startFakeHuggingFace, type FakeHuggingFace } from '../fakes/hf-server.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/hf/', import.meta.url));

let hf: FakeHuggingFace;
let waits: number[];
let logs: { obj: object; msg: string }[];

function source(options: Partial<HuggingFaceSourceOptions> = {}) {
  return createHuggingFaceSource({
    baseUrl: hf.url,
    sleep: async (ms) => void waits.push(ms),
    logger: { warn: (obj, msg) => void logs.push({ obj, msg }) },
    ...options,
  });
}

async function upstreamError(promise: Promise<unknown>): Promise<UpstreamError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  return error as UpstreamError;
}

beforeEach(async () => {
  hf = await startFakeHuggingFace({ dir: FIXTURES, today: '2026-06-07', days: { '2026-05-29': dailyItems('2026-05-29', 150) } });
  waits = [];
  logs = [];
});

afterEach(async () => {
  await hf.close();
});

describe('trending', () => {
  it("asks for the trending list in one request, keeps Hugging Face's order, and fails clearly on a malformed answer", async () => {
    hf.setTrending([...dailyItems('2026-06-05', 2, '2606.7'), ...dailyItems('2026-06-03', 2, '2606.8')].reverse());
    const papers = await source().trending();
    expect(papers.map((p) => [p.id, p.dailyDate])).toEqual([
      ['2606.80001', '2026-06-03'],
      ['2606.80000', '2026-06-03'],
      ['2606.70001', '2026-06-05'],
      ['2606.70000', '2026-06-05'],
    ]);
    expect(hf.requests.map((r) => r.query)).toEqual([{ sort: 'trending', limit: '50' }]);
    hf.fail({ path: 'sort=trending', status: 200, body: '{"not":"a list"}' });
    expect((await upstreamError(source().trending())).message).toMatch(/malformed response for daily_papers\?sort=trending/);
  });
});

describe('daily lists', () => {
  it('pages until a short page and keeps one copy of a paper listed on two pages', async () => {
    const papers = await source({ pageSize: 5 }).daily('2026-06-03');
    expect(hf.requests.map((r) => r.query)).toEqual([
      { date: '2026-06-03', limit: '5', p: '0' },
      { date: '2026-06-03', limit: '5', p: '1' },
      { date: '2026-06-03', limit: '5', p: '2' },
    ]);
    expect(papers).toHaveLength(11);
    expect(new Set(papers.map((p) => p.id)).size).toBe(11);
    // The copy on the later page was read later: its count is the fresher one.
    expect(papers.find((p) => p.id === '2606.01455')?.upvotes).toBe(59);
  });

  it('asks for 100 a page and reads a second page when the first is full', async () => {
    const papers = await source().daily('2026-05-29');
    expect(papers).toHaveLength(150);
    expect(hf.requests.map((r) => [r.query.limit, r.query.p])).toEqual([
      ['100', '0'],
      ['100', '1'],
    ]);
  });

  it('reads a whole month in one request when it fits on a page', async () => {
    const papers = await source().month('2026-06');
    expect(hf.requests).toHaveLength(1);
    expect(hf.requests[0]?.query).toEqual({ month: '2026-06', limit: '100', p: '0' });
    expect(papers).toHaveLength(8 + 7 + 11 + 6 + 9);
    expect(new Set(papers.map((p) => p.dailyDate))).toEqual(
      new Set(['2026-06-01', '2026-06-02', '2026-06-03', '2026-06-04', '2026-06-05']),
    );
  });

  it('returns nothing for a weekend and for a past day without a list', async () => {
    expect(await source().daily('2026-06-06')).toEqual([]);
    expect(await source().daily('2026-05-20')).toEqual([]);
  });

  it('reports a future date as a 400 without retrying', async () => {
    const error = await upstreamError(source().daily('2026-06-08'));
    expect(error.message).toBe('Hugging Face has no list for 2026-06-08 (HTTP 400; dates in the future have none).');
    expect(error.status).toBe(400);
    expect(hf.requests).toHaveLength(1);
  });

  it('rejects a date that is not YYYY-MM-DD before asking anyone', async () => {
    await expect(source().daily('2026-02-30')).rejects.toThrow('"2026-02-30" is not a date; use YYYY-MM-DD, for example 2026-06-03.');
    expect(hf.requests).toHaveLength(0);
  });
});

describe('retries', () => {
  it('retries a 503 with growing, jittered waits and then succeeds', async () => {
    hf.fail({ path: '/api/daily_papers', status: 503, times: 2 });
    const papers = await source().daily('2026-06-01');
    expect(papers).toHaveLength(8);
    expect(hf.requests).toHaveLength(3);
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeGreaterThanOrEqual(500);
    expect(waits[1]).toBeGreaterThanOrEqual(1000);
    expect(logs[0]?.msg).toMatch(/^Hugging Face answered 503 for daily_papers\?date=2026-06-01; retrying in/);
  });

  it('gives up after the configured retries with one sentence naming the request', async () => {
    hf.fail({ path: '/api/daily_papers', status: 503, times: 10 });
    const error = await upstreamError(source({ retries: 2 }).daily('2026-06-01'));
    expect(error.message).toBe('Hugging Face answered 503 for daily_papers?date=2026-06-01 after 3 attempts.');
    expect(hf.requests).toHaveLength(3);
  });

  it('waits at least as long as Retry-After on a 429', async () => {
    hf.fail({ path: '/api/daily_papers', status: 429, headers: { 'retry-after': '30' } });
    expect(await source().daily('2026-06-01')).toHaveLength(8);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(30_000);
    expect(logs[0]?.msg).toMatch(/retrying in 30 s as it asked/);
  });

  it("honours Hugging Face's RateLimit header, and caps absurd waits at five minutes", async () => {
    hf.fail({ path: '/api/daily_papers', status: 429, headers: { ratelimit: '"api";r=0;t=55', 'ratelimit-policy': '"fixed window";"api";q=500;w=300' } });
    hf.fail({ path: '/api/daily_papers', status: 429, headers: { 'retry-after': '86400' } });
    expect(await source().daily('2026-06-01')).toHaveLength(8);
    expect(waits[0]).toBeGreaterThanOrEqual(55_000);
    expect(waits[1]).toBe(300_000);
    expect(logs[1]?.msg).toMatch(/capped at 300 s/);
  });

  it('waits out a used-up quota before the next request', async () => {
    hf.fail({ path: '/api/daily_papers', status: 200, body: '[]', headers: { ratelimit: '"api";r=0;t=20' } });
    const hfSource = source();
    await hfSource.daily('2026-06-01');
    expect(waits).toEqual([]);
    await hfSource.daily('2026-06-02');
    expect(waits).toEqual([20_000]);
    expect(logs[0]?.msg).toMatch(/quota used up; waiting 20 s/);
  });

  it('holds every request that starts during a quota wait until that one wait is over', async () => {
    hf.fail({ path: '/api/daily_papers', status: 200, body: '[]', headers: { ratelimit: '"api";r=0;t=20' } });
    let endWait: () => void = () => {};
    const hfSource = source({ sleep: (ms) => new Promise<void>((done) => ((endWait = done), waits.push(ms))) });
    await hfSource.daily('2026-06-01');
    // An ingest fetches a few lists at once: none of them may go out before the quota resets.
    const both = Promise.all([hfSource.daily('2026-06-02'), hfSource.daily('2026-06-03')]);
    await new Promise((done) => setTimeout(done, 50));
    expect(waits).toEqual([20_000]);
    expect(hf.requests).toHaveLength(1);
    endWait();
    expect((await both).map((papers) => papers.length)).toEqual([7, 11]);
    expect(hf.requests).toHaveLength(3);
    expect(waits).toEqual([20_000]);
  });

  it('retries a body cut off mid-way', async () => {
    hf.fail({ path: '/api/daily_papers', truncate: true });
    expect(await source().daily('2026-06-01')).toHaveLength(8);
    expect(hf.requests).toHaveLength(2);
    hf.fail({ path: '/api/daily_papers', truncate: true, times: 5 });
    const error = await upstreamError(source({ retries: 1 }).daily('2026-06-02'));
    expect(error.message).toBe('Hugging Face sent an incomplete response for daily_papers?date=2026-06-02 after 2 attempts.');
  });

  it('gives up on a server that does not answer in time', async () => {
    hf.fail({ path: '/api/daily_papers', delayMs: 10_000, times: 5 });
    const error = await upstreamError(source({ timeoutMs: 100, retries: 1 }).daily('2026-06-01'));
    expect(error.message).toBe('Hugging Face did not answer daily_papers?date=2026-06-01 within 0.1 s after 2 attempts.');
  });

  it('says so when Hugging Face cannot be reached', async () => {
    const closed = await startFakeHuggingFace();
    await closed.close();
    const error = await upstreamError(source({ baseUrl: closed.url, retries: 1 }).daily('2026-06-01'));
    expect(error.message).toBe('Could not reach Hugging Face for daily_papers?date=2026-06-01 after 2 attempts (ECONNREFUSED).');
  });
});

describe('malformed answers', () => {
  it('names the request and the first bad item, and does not retry', async () => {
    hf.fail({ path: '/api/daily_papers', status: 200, body: JSON.stringify([{ paper: { title: 'No id' }, publishedAt: '2026-06-01T00:00:00Z' }]) });
    const error = await upstreamError(source().daily('2026-06-01'));
    expect(error.message).toBe('Hugging Face sent a malformed response for daily_papers?date=2026-06-01: item 1 has no paper.id.');
    expect(hf.requests).toHaveLength(1);
  });

  it('names the page a bad item came from', async () => {
    hf.fail({ path: /p=1/, status: 200, body: '{"error":"maintenance"}' });
    const error = await upstreamError(source({ pageSize: 5 }).daily('2026-06-03'));
    expect(error.message).toBe(
      'Hugging Face sent a malformed response for daily_papers?date=2026-06-03&p=1: the body is an object, not a list.',
    );
  });
});

describe('authentication', () => {
  it('sends the token as a bearer token and never logs it', async () => {
    hf.fail({ path: '/api/daily_papers', status: 502 });
    await source({ token: 'hf_secretvalue123' }).daily('2026-06-01');
    expect(hf.requests.map((r) => r.headers.authorization)).toEqual(['Bearer hf_secretvalue123', 'Bearer hf_secretvalue123']);
    expect(logs.length).toBeGreaterThan(0);
    expect(JSON.stringify(logs)).not.toContain('hf_secretvalue123');
  });

  it('sends no Authorization header without a token', async () => {
    await source().daily('2026-06-01');
    expect(hf.requests[0]?.headers.authorization).toBeUndefined();
  });
});

describe('search and lookup', () => {
  it("searches Hugging Face's index and keeps only Daily Papers dates that exist", async () => {
    const papers = await source().search('  speculative   decoding ');
    expect(hf.requests[0]?.query).toEqual({ q: 'speculative decoding' });
    expect(papers.map((p) => p.id).sort()).toEqual(['2605.29004', '2606.00477', '2606.01570']);
    expect(papers.every((p) => p.dailyDate !== undefined)).toBe(true);
  });

  it('cuts long queries to 250 characters at a word boundary and skips empty ones', async () => {
    await source().search(`origami ${'attention '.repeat(40)}`);
    const q = hf.requests[0]?.query.q ?? '';
    expect(q.length).toBeLessThanOrEqual(250);
    expect(q.endsWith('attention')).toBe(true);
    expect(await source().search('   ')).toEqual([]);
    expect(hf.requests).toHaveLength(1);
  });

  it('looks a paper up by id, ignoring an arXiv version, and returns undefined when unknown', async () => {
    const paper = await source().paper('2606.02210v2');
    expect(paper).toMatchObject({ id: '2606.02210', title: 'Video World Models with Persistent Object Memory', dailyDate: '2026-06-04' });
    expect(hf.requests[0]?.path).toBe('/api/papers/2606.02210');
    expect(await source().paper('2101.00001')).toBeUndefined();
  });

  it('keeps a person waiting through one retry at most, then fails fast while Hugging Face is unreachable', async () => {
    let calls = 0;
    const refused: typeof fetch = async () => {
      calls += 1;
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    };
    const offline = source({ fetch: refused });
    const first = await upstreamError(offline.search('origami attention'));
    expect(first.message).toMatch(/ECONNREFUSED/);
    expect(calls).toBe(2);
    // Within the next minute a lookup answers at once with the same sentence, making no request.
    const second = await upstreamError(offline.paper('2606.02210'));
    expect(second.message).toBe(first.message);
    expect(calls).toBe(2);
    // Ingest still tries, with the retries a network error gets (fewer than a 5xx gets).
    await upstreamError(offline.daily('2026-06-03'));
    expect(calls).toBe(2 + 1 + NETWORK_RETRIES);
    expect(waits).toHaveLength(1 + NETWORK_RETRIES);
  });
});
