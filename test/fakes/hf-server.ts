/**
 * A local stand-in for the Hugging Face papers API, serving daily lists from memory or from a folder
 * of `daily_papers-YYYY-MM-DD.json` files. It pages like Hugging Face (`limit`, default 50; `p`),
 * answers 400 for dates after `today`, serves a trending list for `sort=trending` (as Hugging Face
 * does, across days and whatever the date), and can be told to fail: a status, headers such as
 * Retry-After, a cut-off body, or a slow answer.
 *
 * As a script: `node dist/test/fakes/hf-server.js --dir DIR [--port N] [--today YYYY-MM-DD]`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface FakeHuggingFaceOptions {
  /** Daily lists by date, in the API's shape. */
  readonly days?: Record<string, unknown[]>;
  /** A folder of `daily_papers-YYYY-MM-DD.json` files (read when first asked for). */
  readonly dir?: string;
  /** Dates after this answer 400. Default: today (UTC). */
  readonly today?: string;
  /** Default 0: any free port. */
  readonly port?: number;
  /**
   * How `/api/papers/search` finds papers: `all` words of the query in the title or abstract
   * (default), or `any` of them, as a semantic search also returns papers that say it otherwise.
   */
  readonly searchWords?: 'all' | 'any';
  /**
   * What `sort=trending` answers, in the API's item shape. Default: the items of the last seven
   * stored days up to `today`, most upvoted first.
   */
  readonly trending?: unknown[];
}

export interface FailRule {
  /** Matched against the path with its query string (`/api/daily_papers?date=…`); a string matches as a substring. */
  readonly path: RegExp | string;
  /** Default 500 (ignored with `truncate`). */
  readonly status?: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** Send the real answer's headers and half its body, then drop the connection. */
  readonly truncate?: boolean;
  /** Wait this long before answering (for client timeouts). */
  readonly delayMs?: number;
  /** How many requests the rule applies to. Default 1. */
  readonly times?: number;
}

export interface RecordedRequest {
  readonly path: string;
  readonly query: Record<string, string>;
  readonly headers: Record<string, string>;
}

export interface FakeHuggingFace {
  readonly url: string;
  readonly requests: RecordedRequest[];
  fail(rule: FailRule): void;
  /** Replaces or adds a day's list (e.g. to move upvotes between two ingests). */
  setDay(date: string, items: unknown[]): void;
  /** Replaces the trending list. */
  setTrending(items: unknown[]): void;
  close(): Promise<void>;
}

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 100;
const MAX_QUERY = 250;
const SEARCH_RESULTS = 10;
const FILE_NAME = /^daily_papers-(\d{4}-\d{2}-\d{2})\.json$/;

export async function startFakeHuggingFace(options: FakeHuggingFaceOptions = {}): Promise<FakeHuggingFace> {
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const store = createDayStore(options);
  let trending = options.trending;
  const rules: { rule: FailRule; left: number }[] = [];
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push({ path: url.pathname, query: Object.fromEntries(url.searchParams), headers: flatHeaders(req) });
    const entry = rules.find((r) => r.left > 0 && matches(r.rule.path, url.pathname + url.search));
    if (entry) entry.left -= 1;
    const respond = () => {
      if (entry && !entry.rule.truncate) {
        return sendRaw(res, entry.rule.status ?? 500, entry.rule.body ?? '{"error":"Injected failure"}', entry.rule.headers);
      }
      const [status, body] = route(url, store, today, options.searchWords ?? 'all', trending);
      if (entry?.rule.truncate) return sendTruncated(res, status, JSON.stringify(body), entry.rule.headers);
      return sendRaw(res, status, JSON.stringify(body));
    };
    if (entry?.rule.delayMs) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!res.destroyed) respond();
      }, entry.rule.delayMs);
      timers.add(timer);
    } else {
      respond();
    }
  });

  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => done());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    fail(rule) {
      rules.push({ rule, left: rule.times ?? 1 });
    },
    setDay(date, items) {
      store.set(date, items);
    },
    setTrending(items) {
      trending = items;
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      return new Promise((done) => server.close(() => done()));
    },
  };
}

// ---------------------------------------------------------------- routes

function route(url: URL, store: DayStore, today: string, searchWords: 'all' | 'any', trending: unknown[] | undefined): [number, unknown] {
  const params = url.searchParams;
  if (url.pathname === '/api/daily_papers' && params.get('sort') === 'trending') {
    const limit = params.has('limit') ? Number(params.get('limit')) : DEFAULT_LIMIT;
    if (!Number.isInteger(limit) || limit < 1) return [400, { error: '"limit" must be a positive integer' }];
    return [200, (trending ?? recentByUpvotes(store, today)).slice(0, Math.min(limit, MAX_LIMIT))];
  }
  if (url.pathname === '/api/daily_papers') return dailyPapers(params, store, today);
  if (url.pathname === '/api/papers/search') {
    const q = params.get('q')?.trim() ?? '';
    if (q === '' || q.length > MAX_QUERY) return [400, { error: `q must be 1 to ${MAX_QUERY} characters` }];
    return [200, search(store.all(), q, searchWords)];
  }
  const lookup = /^\/api\/papers\/([^/]+)$/.exec(url.pathname);
  if (lookup?.[1]) {
    const id = decodeURIComponent(lookup[1]).replace(/v\d+$/, '');
    const found = [...store.all()].reverse().find((item) => paperOf(item)?.id === id);
    return found ? [200, (found as { paper: unknown }).paper] : [404, { error: 'Paper not found' }];
  }
  return [404, { error: 'Not found' }];
}

function dailyPapers(params: URLSearchParams, store: DayStore, today: string): [number, unknown] {
  const limit = params.has('limit') ? Number(params.get('limit')) : DEFAULT_LIMIT;
  const page = params.has('p') ? Number(params.get('p')) : 0;
  if (!Number.isInteger(limit) || limit < 1 || !Number.isInteger(page) || page < 0) {
    return [400, { error: '"limit" must be a positive integer and "p" a non-negative integer' }];
  }
  const date = params.get('date');
  const month = params.get('month');
  let items: unknown[];
  if (date !== null) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return [400, { error: '"date" must be YYYY-MM-DD' }];
    if (date > today) return [400, { error: `"date" must not be after ${today}` }];
    items = store.get(date);
  } else if (month !== null) {
    if (!/^\d{4}-\d{2}$/.test(month)) return [400, { error: '"month" must be YYYY-MM' }];
    if (month > today.slice(0, 7)) return [400, { error: `"month" must not be after ${today.slice(0, 7)}` }];
    items = store
      .dates()
      .filter((d) => d.startsWith(`${month}-`) && d <= today)
      .flatMap((d) => store.get(d));
  } else {
    items = store.get(store.dates().filter((d) => d <= today).at(-1) ?? today);
  }
  const size = Math.min(limit, MAX_LIMIT);
  return [200, items.slice(page * size, (page + 1) * size)];
}

function recentByUpvotes(store: DayStore, today: string): unknown[] {
  const week = store.dates().filter((d) => d <= today).slice(-7);
  const upvotes = (item: unknown) => Number((item as { paper?: { upvotes?: unknown } } | null)?.paper?.upvotes ?? 0);
  return week.flatMap((d) => store.get(d)).sort((a, b) => upvotes(b) - upvotes(a));
}

function search(items: readonly unknown[], q: string, needed: 'all' | 'any'): unknown[] {
  const words = q.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '');
  const seen = new Set<string>();
  const hits: unknown[] = [];
  for (const item of items) {
    const paper = paperOf(item);
    if (!paper || seen.has(paper.id)) continue;
    const text = new Set(`${paper.title} ${paper.summary}`.toLowerCase().split(/[^\p{L}\p{N}]+/u));
    if (needed === 'all' ? words.every((w) => text.has(w)) : words.some((w) => text.has(w))) {
      seen.add(paper.id);
      hits.push(item);
      if (hits.length === SEARCH_RESULTS) break;
    }
  }
  return hits;
}

function paperOf(item: unknown): { id: string; title: string; summary: string } | undefined {
  const paper = (item as { paper?: { id?: unknown; title?: unknown; summary?: unknown } } | null)?.paper;
  if (!paper || typeof paper.id !== 'string') return undefined;
  return { ...paper, id: paper.id, title: String(paper.title ?? ''), summary: String(paper.summary ?? '') };
}

// ---------------------------------------------------------------- data

interface DayStore {
  get(date: string): unknown[];
  set(date: string, items: unknown[]): void;
  /** Dates that have a list, ascending. */
  dates(): string[];
  all(): unknown[];
}

function createDayStore(options: FakeHuggingFaceOptions): DayStore {
  const days = new Map<string, unknown[]>(Object.entries(options.days ?? {}));
  const files = new Map<string, string>();
  if (options.dir) {
    for (const name of readdirSync(options.dir)) {
      const date = FILE_NAME.exec(name)?.[1];
      if (date && !days.has(date)) files.set(date, join(options.dir, name));
    }
  }
  const get = (date: string): unknown[] => {
    const cached = days.get(date);
    if (cached) return cached;
    const file = files.get(date);
    if (!file) return [];
    const items = JSON.parse(readFileSync(file, 'utf8')) as unknown[];
    days.set(date, items);
    return items;
  };
  const dates = () => [...new Set([...days.keys(), ...files.keys()])].sort();
  return {
    get,
    set: (date, items) => void days.set(date, items),
    dates,
    all: () => dates().flatMap(get),
  };
}

// ---------------------------------------------------------------- HTTP

function sendRaw(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

function sendTruncated(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  const bytes = Buffer.from(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': bytes.length, ...headers });
  res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.destroy());
}

function matches(pattern: RegExp | string, path: string): boolean {
  return typeof pattern === 'string' ? path.includes(pattern) : pattern.test(path);
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.headers)) if (value !== undefined) out[key] = String(value);
  return out;
}

// ---------------------------------------------------------------- script

function argValue(args: readonly string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

async function main(args: readonly string[]): Promise<void> {
  const dir = argValue(args, '--dir');
  const port = argValue(args, '--port');
  const today = argValue(args, '--today');
  if (!dir) {
    process.stderr.write('usage: hf-server --dir DIR [--port N] [--today YYYY-MM-DD]\n');
    process.exit(2);
  }
  const fake = await startFakeHuggingFace({ dir: resolve(dir), port: port ? Number(port) : 0, ...(today ? { today } : {}) });
  process.stdout.write(`listening on ${fake.url}\n`);
  const stop = () => void fake.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  void main(process.argv.slice(2));
}
