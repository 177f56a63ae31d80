/**
 * Links from Hugging Face are checked where they come in: a hostile or malformed `githubRepo` or
 * `projectPage` served by the API reaches neither the database nor the console, through the real
 * `paperboy` commands against the fake Hugging Face server.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/index.js';
import { dailyItem } from '../fakes/hf-items.js';
import { startFakeHuggingFace, type FakeHuggingFace } from '../fakes/hf-server.js';
import { runCli, scratch } from '../helpers/run-cli.js';

const DATE = '2026-06-03';
const HOSTILE = '2606.07001';
const MESSY = '2606.07002';

function withLinks(id: string, title: string, links: { githubRepo: string; projectPage: string }): Record<string, unknown> {
  const item = dailyItem({ id, date: DATE, title, upvotes: 5 });
  Object.assign(item.paper as object, links);
  return item;
}

let hf: FakeHuggingFace;
let tmp: ReturnType<typeof scratch>;
let env: Record<string, string>;

beforeAll(async () => {
  hf = await startFakeHuggingFace({
    today: '2026-06-07',
    days: {
      [DATE]: [
        withLinks(HOSTILE, 'Hostile Links', { githubRepo: 'javascript:alert(1)', projectPage: 'https://lab.example.org/a)b [x](javascript:alert(2))' }),
        withLinks(MESSY, 'Messy Links', { githubRepo: ' HTTPS://GitHub.COM/lab/repo ', projectPage: 'https://admin:hunter2@lab.example.org/' }),
      ],
    },
  });
});
afterAll(() => hf.close());
beforeEach(() => {
  tmp = scratch();
  env = { DATABASE_URL: tmp.db, HF_API_URL: hf.url };
});
afterEach(() => tmp.cleanup());

describe('links from Hugging Face', () => {
  it('are stored checked, dropped with a debug line when unsafe, and shown checked on the console', async () => {
    const ingest = await runCli(['ingest', '--date', DATE], { env: { ...env, LOG_LEVEL: 'debug' } });
    expect(ingest.code).toBe(0);
    const dropped = ingest.stderr
      .split('\n')
      .filter((line) => line.includes('dropped a link'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .map(({ paper, field, reason }) => ({ paper, field, reason }));
    expect(dropped).toEqual([
      { paper: HOSTILE, field: 'githubRepo', reason: 'not-http' },
      { paper: MESSY, field: 'projectPage', reason: 'credentials' },
    ]);
    expect(ingest.stderr).not.toContain('hunter2');

    // The rows themselves, not read back through the store (which checks links again).
    const db = openDatabase(tmp.db);
    const rows = await db.selectFrom('papers').select(['id', 'github_repo', 'project_page']).orderBy('id').execute();
    await db.destroy();
    expect(rows).toEqual([
      { id: HOSTILE, github_repo: null, project_page: 'https://lab.example.org/a%29b%20%5Bx%5D%28javascript:alert%282%29%29' },
      { id: MESSY, github_repo: 'https://github.com/lab/repo', project_page: null },
    ]);

    const start = await runCli(['start'], { env, input: `/papers paper ${HOSTILE}\n/papers paper ${MESSY}\n` });
    expect(start.code).toBe(0);
    const [hostile = '', messy = ''] = start.stdout.split(/^Messy Links$/m);
    expect(hostile).toContain('Hostile Links');
    expect(hostile).not.toMatch(/^Code:/m);
    expect(hostile).toMatch(/^Project: https:\/\/lab\.example\.org\/a%29b%20%5Bx%5D%28javascript:alert%282%29%29$/m);
    expect(messy).toMatch(/^Code: https:\/\/github\.com\/lab\/repo$/m);
    expect(messy).not.toMatch(/^Project:/m);
    expect(start.stdout).not.toMatch(/javascript:alert\(|hunter2|a\)b/);
  });
});
