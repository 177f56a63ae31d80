/**
 * Real Hugging Face responses recorded over two years (../shared/fixtures/hf, outside the project):
 * every shape in them must parse, normalise and ingest. Skipped, saying why, when they are absent.
 */
import { memoryStore } from '../helpers/memory-store.js';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestReport } from '../../src/core/use-cases/ingest.js';
import { createIngest } from '../../src/core/use-cases/ingest.js';
import { createHuggingFaceSource } from '../../src/sources/hf/client.js';
import { cleanText, normalizeItem } from '../../src/sources/hf/normalize.js';
import { parseDailyList } from '../../src/sources/hf/schemas.js';
import type { Store } from '../../src/store/index.js';
import { startFakeHuggingFace, type FakeHuggingFace } from '../fakes/hf-server.js';

const RECORDED = fileURLToPath(new URL('../../../shared/fixtures/hf/', import.meta.url));
const ARCHIVE = join(RECORDED, 'archive', 'daily_papers-2024-05-27_to_2026-08-21.tar.gz');
const present = existsSync(RECORDED);
const suite = present ? describe : describe.skip;
const title = present
  ? 'recorded Hugging Face responses'
  : 'recorded Hugging Face responses (skipped: ../shared/fixtures/hf is absent; it is not part of the project)';

interface RawItem {
  paper: { id: string; title: string; upvotes: number; authors: { name: string }[]; submittedOnDailyAt?: string };
}

suite(title, () => {
  const files = present ? readdirSync(RECORDED).filter((name) => /^daily_papers-\d{4}-\d{2}-\d{2}\.json$/.test(name)) : [];

  it.each(files)('%s parses and normalises every item', (name) => {
    const date = name.slice('daily_papers-'.length, -'.json'.length);
    const raw = JSON.parse(readFileSync(join(RECORDED, name), 'utf8')) as unknown[];
    const papers = parseDailyList(raw).map((item) => normalizeItem(item, { kind: 'date', date }));
    expect(papers).toHaveLength(raw.length);
    expect(new Set(papers.map((p) => p.id)).size).toBe(raw.length);
    for (const paper of papers) {
      expect(paper.id).toMatch(/^\d{4}\.\d{4,5}$/);
      expect(paper.title).not.toBe('');
      expect(paper.summary).not.toBe('');
      expect(paper.authors.length).toBeGreaterThan(0);
      expect(paper.dailyDate).toBe(date);
      for (const text of [paper.title, paper.summary, paper.aiSummary ?? '']) {
        expect(text).not.toContain('\n  ');
        expect(text).toBe(text.trim());
      }
      expect(paper.title).not.toContain('\n');
    }
  });

  describe('the archive of 558 days, ingested through the fake API', () => {
    let dir: string;
    let hf: FakeHuggingFace;
    let store: Store;
    let report: IngestReport;
    const byDate = new Map<string, RawItem[]>();

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'paperboy-hf-archive-'));
      execFileSync('tar', ['-xzf', ARCHIVE, '-C', dir]);
      const daily = join(dir, 'daily');
      for (const name of readdirSync(daily)) {
        byDate.set(name.slice('daily_papers-'.length, -'.json'.length), JSON.parse(readFileSync(join(daily, name), 'utf8')) as RawItem[]);
      }
      hf = await startFakeHuggingFace({ dir: daily, today: '2026-08-21' });
      store = await memoryStore();
      const source = createHuggingFaceSource({ baseUrl: hf.url, sleep: async () => {} });
      const ingest = createIngest({ source, papers: store.papers, clock: { now: () => new Date('2026-08-21T12:00:00Z') } });
      report = await ingest.run({ from: '2024-05-27', to: '2026-08-21' });
    }, 60_000);

    afterAll(async () => {
      await store?.close();
      await hf?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('stores every distinct paper once, mostly through month lists', async () => {
      const ids = new Set([...byDate.values()].flatMap((items) => items.map((i) => i.paper.id)));
      expect(byDate.size).toBe(558);
      expect(ids.size).toBe(9577);
      expect(report.fetched).toBe(9577);
      expect(report.inserted).toBe(9577);
      expect(await store.papers.count()).toBe(9577);
      expect(report.fetches).toBeLessThan(60);
      expect(hf.requests.some((r) => r.query.month === '2025-07')).toBe(true);
    });

    it('gives each paper the day it was listed, the later one for the four listed twice', async () => {
      const expected = new Map<string, string>();
      for (const [date, items] of [...byDate.entries()].sort()) {
        for (const item of items) if (item.paper.submittedOnDailyAt) expected.set(item.paper.id, date);
      }
      const stored = await store.papers.getMany([...expected.keys()]);
      const wrong = stored.filter((p) => p.dailyDate !== expected.get(p.id)).map((p) => p.id);
      expect(wrong).toEqual([]);
      expect((await store.papers.get('2606.11176'))?.dailyDate).toBe('2026-06-16');
    });

    it('places papers recorded without submittedOnDailyAt in the month they were listed, on or before that day', async () => {
      const listed = new Map<string, string>();
      for (const [date, items] of byDate) for (const item of items) if (!item.paper.submittedOnDailyAt) listed.set(item.paper.id, date);
      const stored = await store.papers.getMany([...listed.keys()]);
      expect(stored).toHaveLength(2504);
      let exact = 0;
      for (const paper of stored) {
        const date = listed.get(paper.id) ?? '';
        expect(paper.dailyDate?.slice(0, 7)).toBe(date.slice(0, 7));
        expect(paper.dailyDate! <= date).toBe(true);
        if (paper.dailyDate === date) exact += 1;
      }
      expect(exact / stored.length).toBeGreaterThan(0.8);
    });

    it('keeps titles, authors and upvotes as recorded, wraps removed', async () => {
      // The latest listing of each paper is the one kept.
      const latest = new Map([...byDate.entries()].sort().flatMap(([, items]) => items.map((i) => [i.paper.id, i] as const)));
      const sample = [...latest.values()].filter((_, i) => i % 400 === 0);
      for (const raw of sample) {
        const paper = await store.papers.get(raw.paper.id);
        expect(paper?.title).toBe(cleanText(raw.paper.title));
        expect(paper?.upvotes).toBe(raw.paper.upvotes);
        expect(paper?.authors).toEqual(raw.paper.authors.map((a) => cleanText(a.name)).filter((n) => n !== ''));
      }
      const grepseek = await store.papers.get('2605.29307');
      expect(grepseek).toMatchObject({
        title: 'GrepSeek: Training Search Agents for Direct Corpus Interaction',
        organization: { name: 'UMassAmherst', fullname: 'University of Massachusetts Amherst' },
        dailyDate: '2026-06-01',
      });
    });
  });
});
