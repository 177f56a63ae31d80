/**
 * The `paperboy` command line as a child process against the fake Hugging Face server: what a user
 * or a script sees on stdout, stderr and in the exit code.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeHuggingFace, type FakeHuggingFace } from '../fakes/hf-server.js';
import { FIXTURES, runCli, scratch } from '../helpers/run-cli.js';

let hf: FakeHuggingFace;
let tmp: ReturnType<typeof scratch>;
let env: Record<string, string>;

beforeAll(async () => {
  hf = await startFakeHuggingFace({ dir: FIXTURES, today: '2026-06-10' });
});
afterAll(() => hf.close());
beforeEach(() => {
  tmp = scratch();
  env = { DATABASE_URL: tmp.db, HF_API_URL: hf.url };
});
afterEach(() => tmp.cleanup());

interface DigestJson {
  date: string;
  papers: { id: string; title: string; url: string; upvotes: number; authors: string[]; summary: string }[];
}

async function digestJson(date: string): Promise<DigestJson> {
  const result = await runCli(['digest', '--date', date, '--json'], { env });
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as DigestJson;
}

describe('paperboy ingest, digest and search', () => {
  it('ingests a week, lists a day by upvotes and finds a paper by a phrase of its title', async () => {
    const first = await runCli(['ingest', '--from', '2026-06-01', '--to', '2026-06-05'], { env });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const inserted = Number(/(\d+) new/.exec(first.stdout)?.[1]);
    expect(inserted).toBeGreaterThan(30);

    const again = await runCli(['ingest', '--from', '2026-06-01', '--to', '2026-06-05'], { env });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/: 0 new, 0 updated/);

    const digest = await digestJson('2026-06-03');
    expect(digest.date).toBe('2026-06-03');
    expect(digest.papers.length).toBeGreaterThan(5);
    const upvotes = digest.papers.map((p) => p.upvotes);
    expect(upvotes).toEqual([...upvotes].sort((a, b) => b - a));
    // The id listed twice that day (paged while the list grew) is one paper, with the newer upvotes.
    expect(digest.papers.filter((p) => p.id === '2606.01455')).toHaveLength(1);
    expect(digest.papers[0]).toMatchObject({ id: '2606.01234', url: 'https://huggingface.co/papers/2606.01234' });

    const search = await runCli(['search', 'origami attention', '--json', '--local'], { env });
    expect(search.code).toBe(0);
    const found = JSON.parse(search.stdout) as { query: string; results: { id: string; score: number; origin: string }[] };
    expect(found.query).toBe('origami attention');
    expect(found.results[0]).toMatchObject({ id: '2605.28811', origin: 'local' });
    expect(found.results[0]?.score).toBeGreaterThan(0);

    const similar = await runCli(['similar', 'https://huggingface.co/papers/2606.01234', '--limit', '3', '--json'], { env });
    expect(similar.stderr).toBe('');
    const like = JSON.parse(similar.stdout) as { paper: string; results: { id: string; url: string; score: number }[] };
    expect(like.paper).toBe('2606.01234');
    expect(like.results).toHaveLength(3);
    expect(like.results.map((r) => r.id)).not.toContain('2606.01234');
    expect(like.results[0]?.url).toBe(`https://huggingface.co/papers/${like.results[0]?.id}`);
    const scores = like.results.map((r) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('matches English word forms, and gives the same merged list for the same search in any letter case', async () => {
    expect((await runCli(['ingest', '--from', '2026-06-01', '--to', '2026-06-03'], { env })).code).toBe(0);
    type Found = { results: { id: string; title: string; origin: string; score: number }[] };
    const json = async (...args: string[]) => {
      const result = await runCli(['search', ...args, '--json'], { env });
      expect(result.stderr).toBe('');
      return JSON.parse(result.stdout) as Found;
    };
    // "agent" finds the papers about "Agents"; "-benchmark" keeps out "Benchmarking …".
    const agents = await json('agent', '--local');
    expect(agents.results.map((r) => r.id)).toEqual(expect.arrayContaining(['2606.01234', '2606.01388']));
    const speculative = await json('"speculative decoding"', '--local');
    expect(speculative.results.map((r) => r.id)).toContain('2606.01570');
    const withoutBenchmarks = await json('"speculative decoding" -benchmark', '--local');
    expect(withoutBenchmarks.results.map((r) => r.id)).not.toContain('2606.01570');
    expect(withoutBenchmarks.results.length).toBe(speculative.results.length - 1);

    // Merged with Hugging Face's search: asked once, remembered, the same list in another case.
    const before = hf.requests.filter((r) => r.path === '/api/papers/search').length;
    const first = await json('Speculative Decoding mobile');
    const second = await json('speculative DECODING Mobile');
    expect(second.results).toEqual(first.results);
    expect(hf.requests.filter((r) => r.path === '/api/papers/search').length).toBe(before + 1);
  });

  it('prints a readable digest of the latest day by default', async () => {
    await runCli(['ingest', '--from', '2026-06-01', '--to', '2026-06-07'], { env });
    const result = await runCli(['digest', '--top', '3'], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Jun 2026/);
    expect(result.stdout).toMatch(/^\s*1\. /m);
    expect(result.stdout).not.toMatch(/^\s*4\. /m);
  });

  it('says in one line that a future date has no list and changes nothing', async () => {
    const result = await runCli(['ingest', '--date', '2099-01-01'], { env });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/2099-01-01/);
  });

  it('retries a 500 and succeeds', async () => {
    hf.fail({ path: 'date=2026-06-02', status: 500, times: 1 });
    const result = await runCli(['ingest', '--date', '2026-06-02'], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/new/);
    expect((await digestJson('2026-06-02')).papers.length).toBeGreaterThan(0);
  });

  it('retries a truncated body and succeeds', async () => {
    hf.fail({ path: 'date=2026-06-02', truncate: true, times: 1 });
    const result = await runCli(['ingest', '--date', '2026-06-02'], { env });
    expect(result.code).toBe(0);
    expect((await digestJson('2026-06-02')).papers.length).toBeGreaterThan(0);
  });

  it('fails in one sentence on a malformed response, and writes nothing', async () => {
    await runCli(['ingest', '--date', '2026-06-01'], { env });
    const before = await digestJson('2026-06-01');
    hf.fail({ path: 'date=2026-06-02', status: 200, body: '[{"paper":{"title":"No id"}}]', times: 1 });
    const result = await runCli(['ingest', '--from', '2026-06-01', '--to', '2026-06-02'], { env });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^Hugging Face sent a malformed response for daily_papers\?date=2026-06-02/);
    // Monday was fetched again in the same run, but nothing of the run was written.
    expect(await digestJson('2026-06-01')).toEqual(before);
    const day2 = await runCli(['digest', '--date', '2026-06-02', '--json'], { env });
    expect((JSON.parse(day2.stdout) as DigestJson).papers).toEqual([]);
  });

  it('treats an empty weekend as zero papers, not an error', async () => {
    const result = await runCli(['ingest', '--from', '2026-06-06', '--to', '2026-06-07'], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Fetched 0 papers/);
  });
});

describe('bad usage', () => {
  it.each([
    [['ingest', '--date', '2026-06-01', '--days', '3'], /one of --date/],
    [['ingest', '--from', '2026-06-01'], /--from and --to go together/],
    [['ingest', '--days', 'many'], /--days takes a whole number/],
    [['ingest', '--date', '06/01/2026'], /06\/01\/2026/],
    [['search'], /needs a query/],
    [['similar'], /needs a paper id or link/],
    [['similar', '2606.01234', '--limit', '0'], /--limit takes a whole number from 1 to 50/],
    [['digest', '--bogus'], /bogus/],
    [['frobnicate'], /Unknown command "frobnicate"/],
  ])('paperboy %j exits 2 with one sentence', async (args, message) => {
    const result = await runCli(args, { env });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });

  it('names the variable when the environment is wrong', async () => {
    const result = await runCli(['ingest', '--days', '1'], { env: { ...env, BACKFILL_DAYS: 'lots' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^BACKFILL_DAYS must be a whole number/);
  });

  it('never echoes a token it rejects', async () => {
    const result = await runCli(['migrate'], { env: { ...env, HF_TOKEN: 'hf_x' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/HF_TOKEN/);
    expect(result.stderr).not.toMatch(/hf_x/);
  });

  it('migrates once, then reports the database up to date', async () => {
    expect((await runCli(['migrate'], { env })).stdout).toMatch(/Applied \d+ migration/);
    expect((await runCli(['migrate'], { env })).stdout).toMatch(/up to date/);
  });
});
