/**
 * `paperboy start` has one path for every platform: a platform is one entry in the list it is
 * given, here Memo (test/memo/), which core, the store and the migrations have never heard of.
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { UserError } from '../../src/core/errors.js';
import { createApp, type App } from '../../src/main.js';
import type { PlatformEntry } from '../../src/platforms/registry.js';
import { start } from '../../src/start.js';
import { startFakeHuggingFace, type FakeHuggingFace } from '../fakes/hf-server.js';
import { dailyItems } from '../fakes/hf-items.js';
import { createMemoAdapter } from '../memo/memo-adapter.js';
import { createMemoService, type MemoService } from '../memo/memo-service.js';

let hf: FakeHuggingFace;
let app: App;
let service: MemoService;
const logs: string[] = [];
const memo: PlatformEntry = { configured: () => true, create: async (context) => createMemoAdapter(context, service) };
const io = { input: process.stdin, output: new Writable({ write: (_c, _e, done) => done() }), terminal: false };

beforeEach(async () => {
  logs.length = 0;
  hf = await startFakeHuggingFace({ days: { '2026-06-05': dailyItems('2026-06-05', 3, '2606.1') }, today: '2026-06-08' });
  const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(line) });
  const config = loadConfig({ DATABASE_URL: ':memory:', HF_API_URL: hf.url, BACKFILL_DAYS: '5' });
  app = await createApp(config, logger, { now: () => new Date('2026-06-08T07:00:00Z') });
  service = createMemoService({ channels: ['lab'], admins: [] });
});
afterEach(async () => {
  await app.close();
  await hf.close();
});

describe('paperboy start, with a platform added by one entry', () => {
  it('starts it, polls, serves its commands beside the schedule, and stops it when it ends', async () => {
    const running = start(app, io, [memo]);
    await vi.waitFor(() => expect(logs.join('')).toContain('Paperboy is running'));
    expect(logs.join('')).toContain('"platforms":["memo"]');
    expect(await app.store.papers.count()).toBe(3);
    const [answer] = await service.type('ada', 'lab', 'subscribe zeugma attention');
    expect(answer?.text).toContain('Subscribed to "zeugma attention"');
    expect((await app.store.subscriptions.list({ platform: 'memo', userId: 'ada' })).map((s) => s.topic)).toEqual(['zeugma attention']);
    service.shutdown();
    await running;
    expect(logs.join('')).toContain('"reason":"memo ended"');
    await expect(service.type('ada', 'lab', 'help')).rejects.toThrow('bot_offline');
  });

  it('refuses, in one sentence, an adapter whose name cannot be stored or is taken', async () => {
    const named = (platform: string): PlatformEntry => ({ configured: () => true, create: async (context) => ({ ...createMemoAdapter(context, service), platform }) });
    await expect(start(app, io, [named('Memo Chat')])).rejects.toThrow(UserError);
    await expect(start(app, io, [memo, named('memo')])).rejects.toThrow('Two adapters call themselves "memo"; each platform needs its own name.');
  });
});
