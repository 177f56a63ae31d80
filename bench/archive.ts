/**
 * The recorded Hugging Face archive (../shared/fixtures/hf/archive), when it is present: unpacked
 * once into a temp folder, and read into Papers through the production schema and normaliser.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Paper } from '../src/core/paper.js';
import { dailyListSchema } from '../src/sources/hf/schemas.js';
import { normalizeItem } from '../src/sources/hf/normalize.js';

export const ARCHIVE_FROM = '2024-05-27';
export const ARCHIVE_TO = '2026-08-21';
const DAY_FILE = /^daily_papers-(\d{4}-\d{2}-\d{2})\.json$/;

/** The folder holding package.json, found upwards from this file (it runs from dist/bench or bench). */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('bench: cannot find the repository root (no package.json above this file)');
    dir = parent;
  }
  return dir;
}

/** The archive file, or undefined when ../shared is absent. */
export function archiveFile(): string | undefined {
  const dir = resolve(repoRoot(), '../shared/fixtures/hf/archive');
  if (!existsSync(dir)) return undefined;
  const name = readdirSync(dir).find((n) => n.endsWith('.tar.gz'));
  return name === undefined ? undefined : join(dir, name);
}

/** Unpacks the archive into `tmp` and returns the folder of day files. */
export function unpackArchive(file: string, tmp: string): string {
  const out = join(tmp, 'archive');
  mkdirSync(out, { recursive: true });
  execFileSync('tar', ['-xzf', file, '-C', out]);
  const queue = [out];
  while (queue.length > 0) {
    const dir = queue.shift()!;
    const entries = readdirSync(dir, { withFileTypes: true });
    if (entries.some((e) => e.isFile() && DAY_FILE.test(e.name))) return dir;
    queue.push(...entries.filter((e) => e.isDirectory()).map((e) => join(dir, e.name)));
  }
  throw new Error(`bench: no daily_papers-YYYY-MM-DD.json files in the unpacked archive at ${out}`);
}

/** Every paper of the day files, the last listing of a repeated id winning (as an ingest would). */
export function readDayFiles(dir: string): Paper[] {
  const byId = new Map<string, Paper>();
  for (const name of readdirSync(dir).sort()) {
    const date = DAY_FILE.exec(name)?.[1];
    if (date === undefined) continue;
    const items = dailyListSchema.parse(JSON.parse(readFileSync(join(dir, name), 'utf8')));
    for (const item of items) {
      const paper = normalizeItem(item, { kind: 'date', date });
      byId.delete(paper.id);
      byId.set(paper.id, paper);
    }
  }
  return [...byId.values()];
}
