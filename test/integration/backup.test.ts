/**
 * `paperboy backup FILE` on a SQLite database that another process keeps writing to: the copy is
 * whole (integrity_check), holds one consistent moment (every written paper has its counted
 * transaction, no more, no less), prints its size and paper count, and opens as a Paperboy
 * database. Bad uses say what would work; PostgreSQL is pointed at pg_dump.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startFakeHuggingFace, type FakeHuggingFace } from '../fakes/hf-server.js';
import { paperRow } from '../helpers/populated-database.js';
import { backfillTo, FIXTURES, REPO, runCli, scratch } from '../helpers/run-cli.js';

/**
 * Another process writing as fast as it can: each transaction adds a paper and counts it in
 * `meta`, so a copy from one moment holds exactly as many new papers as its count says.
 */
const WRITER = `
import { createRequire } from 'node:module';
const [file, rowJson, repo] = process.argv.slice(2);
const SQLite = createRequire(repo + '/package.json')('better-sqlite3');
const template = JSON.parse(rowJson);
const db = new SQLite(file);
db.pragma('busy_timeout = 5000');
const columns = Object.keys(template);
const insert = db.prepare('insert into papers (' + columns.join(', ') + ') values (' + columns.map((c) => '@' + c).join(', ') + ')');
const count = db.prepare("insert into meta (key, value, updated_at) values ('probe.written', @n, @at) on conflict (key) do update set value = excluded.value");
let n = 0;
const write = db.transaction(() => {
  n += 1;
  insert.run({ ...template, id: '2699.' + String(n).padStart(5, '0'), title: 'Probe ' + n });
  count.run({ n: String(n), at: new Date().toISOString() });
});
for (;;) {
  write();
  if (n % 200 === 0) { process.stdout.write(n + '\\n'); await new Promise((r) => setImmediate(r)); }
}
`;

let hf: FakeHuggingFace;
let tmp: ReturnType<typeof scratch>;
let stored = 0;

beforeAll(async () => {
  hf = await startFakeHuggingFace({ dir: FIXTURES });
  tmp = scratch();
  const ingest = await runCli(['ingest', '--days', backfillTo('2026-06-01')], { env: { DATABASE_URL: tmp.db, HF_API_URL: hf.url } });
  expect(ingest.code).toBe(0);
  const db = new SQLite(tmp.db, { readonly: true });
  stored = (db.prepare('select count(*) as n from papers').get() as { n: number }).n;
  db.close();
  expect(stored).toBeGreaterThan(0);
}, 40_000);

afterAll(async () => {
  await hf.close();
  tmp.cleanup();
});

describe('paperboy backup', () => {
  it('copies a database another process is writing to, whole and from one moment', async () => {
    const script = join(tmp.dir, 'writer.mjs');
    writeFileSync(script, WRITER);
    const writer = spawn(process.execPath, [script, tmp.db, JSON.stringify(paperRow(1)), REPO], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let written = 0;
    let writerErrors = '';
    writer.stdout.setEncoding('utf8').on('data', (d: string) => (written = Number(d.trim().split('\n').at(-1))));
    writer.stderr.setEncoding('utf8').on('data', (d: string) => (writerErrors += d));
    try {
      await vi.waitFor(() => expect({ written, writerErrors }).toMatchObject({ written: expect.toSatisfy((n: number) => n >= 400) }), {
        timeout: 20_000,
        interval: 50,
      });
      const file = join(tmp.dir, 'backup.sqlite');
      const before = written;
      const result = await runCli(['backup', file], { env: { DATABASE_URL: tmp.db } });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      // The writer kept going while the copy was taken.
      await vi.waitFor(() => expect(written).toBeGreaterThan(before), { timeout: 10_000, interval: 20 });

      const copy = new SQLite(file, { readonly: true });
      try {
        expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
        const probes = (copy.prepare("select count(*) as n from papers where id like '2699.%'").get() as { n: number }).n;
        const counted = Number((copy.prepare("select value from meta where key = 'probe.written'").get() as { value: string }).value);
        expect(probes).toBe(counted);
        expect(probes).toBeGreaterThanOrEqual(before);
        const papers = (copy.prepare('select count(*) as n from papers').get() as { n: number }).n;
        expect(papers).toBe(stored + probes);
        expect(result.stdout).toMatch(new RegExp(`^Backed up ${tmp.db} to ${file}: [\\d.]+ [KM]B, ${papers.toLocaleString('en-US')} papers, integrity ok\\.\\n$`));
      } finally {
        copy.close();
      }
      // Nothing half-written is left beside it.
      expect(readdirSync(tmp.dir).filter((f) => f.includes('.partial-'))).toEqual([]);
      expect(writerErrors).toBe('');
    } finally {
      writer.kill('SIGKILL');
    }
  }, 60_000);

  it('makes a copy that serves as the database when copied back', async () => {
    const file = join(tmp.dir, 'restore-from.sqlite');
    expect((await runCli(['backup', file], { env: { DATABASE_URL: tmp.db } })).code).toBe(0);
    const restored = join(tmp.dir, 'restored.sqlite');
    copyFileSync(file, restored);
    const search = await runCli(['search', 'Probe', '--local', '--json', '--limit', '1'], { env: { DATABASE_URL: restored } });
    expect(search.code).toBe(0);
    expect((JSON.parse(search.stdout) as { results: unknown[] }).results).toHaveLength(1);
  }, 30_000);

  it('says what would work for a wrong use, and writes nothing', async () => {
    const cases: [string[], Record<string, string>, RegExp][] = [
      [['backup'], { DATABASE_URL: tmp.db }, /^backup needs a file to write, for example: paperboy backup /],
      [['backup', tmp.db], { DATABASE_URL: tmp.db }, /^The backup would overwrite the database itself/],
      [['backup', join(tmp.dir, 'no/such/dir/b.sqlite')], { DATABASE_URL: tmp.db }, /^The folder .* does not exist; create it/],
      [['backup', join(tmp.dir, 'x.sqlite')], { DATABASE_URL: join(tmp.dir, 'missing.sqlite') }, /^There is no SQLite database at .*missing\.sqlite; set DATABASE_URL/],
      [['backup', join(tmp.dir, 'x.sqlite')], { DATABASE_URL: 'postgres://paperboy:hunter22@db.example:5432/paperboy' }, /^paperboy backup copies SQLite files; back up PostgreSQL with pg_dump/],
    ];
    for (const [args, env, message] of cases) {
      const result = await runCli(args, { env });
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).not.toContain('hunter22');
    }
    expect(existsSync(join(tmp.dir, 'x.sqlite'))).toBe(false);
    expect(existsSync(join(tmp.dir, 'missing.sqlite'))).toBe(false);
  }, 30_000);
});
