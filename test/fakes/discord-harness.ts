/**
 * Everything a Discord end-to-end test needs: the real store on in-memory SQLite, a fake Hugging
 * Face, the fake Discord, and the real adapter (real discord.js Client) wired as src/start.ts wires
 * it. Logs are kept in memory so tests can read them (and check that no token leaks).
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { createCommandServices } from '../../commands/services.js';
import { platformContext } from '../../src/main.js';
import { loadConfig } from '../../src/config.js';
import type { Paper } from '../../src/core/paper.js';
import type { Clock } from '../../src/core/ports.js';
import { createDiscordAdapter, type DiscordAdapter, type DiscordAdapterOptions } from '../../src/platforms/discord/index.js';
import type { PlatformContext } from '../../src/platforms/platform.js';
import { createHuggingFaceSource } from '../../src/sources/hf/index.js';
import type { Store } from '../../src/store/index.js';
import { memoryStore } from '../helpers/memory-store.js';
import { startFakeHuggingFace, type FakeHuggingFace } from './hf-server.js';
import { startFakeDiscord, type FakeChannel, type FakeDiscord, type FakeDiscordOptions, type FakeGuild, type FakeUser } from './discord-server.js';

export const GUILD: FakeGuild = { id: '100000000000000001', name: 'ML Reading Group', ownerId: '200000000000000009' };
export const GENERAL: FakeChannel = { id: '300000000000000001', type: 0, name: 'papers', guildId: GUILD.id };
export const ANNOUNCEMENTS: FakeChannel = { id: '300000000000000002', type: 0, name: 'announcements', guildId: GUILD.id };
export const FORUM: FakeChannel = { id: '300000000000000003', type: 15, name: 'forum', guildId: GUILD.id };
export const ALICE: FakeUser = { id: '200000000000000001', username: 'alice' };
export const BOB: FakeUser = { id: '200000000000000002', username: 'bob' };

export interface Harness {
  readonly discord: FakeDiscord;
  readonly hf: FakeHuggingFace;
  readonly store: Store;
  readonly context: PlatformContext;
  adapter: DiscordAdapter;
  readonly logs: Record<string, unknown>[];
  /** A fresh adapter on the same store and fake Discord (a "restart"). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly papers?: readonly Paper[];
  readonly adminIds?: readonly string[];
  readonly adapter?: DiscordAdapterOptions;
  readonly clock?: Clock;
  readonly start?: boolean;
  readonly channels?: readonly FakeChannel[];
  /** Rate limits and latency for the fake Discord (both off by default). */
  readonly discord?: Pick<FakeDiscordOptions, 'rateLimit' | 'latencyMs'>;
  /** How the fake Hugging Face's search finds papers (default: all the words). */
  readonly hfSearchWords?: 'all' | 'any';
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const discord = await startFakeDiscord({
    guilds: [GUILD],
    channels: options.channels ?? [GENERAL, ANNOUNCEMENTS, FORUM],
    users: [ALICE, BOB],
    ...options.discord,
  });
  const hf = await startFakeHuggingFace({ days: {}, ...(options.hfSearchWords ? { searchWords: options.hfSearchWords } : {}) });
  const clock = options.clock ?? { now: () => new Date() };
  const store = await memoryStore({ clock });
  if (options.papers && options.papers.length > 0) await store.papers.upsert(options.papers, 'daily', clock.now());
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const logger = pino({ level: 'debug' }, sink);
  const config = loadConfig({
    DISCORD_TOKEN: discord.token,
    DISCORD_API_URL: discord.apiUrl,
    HF_API_URL: hf.url,
    DATABASE_URL: ':memory:',
    ADMIN_USER_IDS: (options.adminIds ?? []).join(','),
  });
  const source = createHuggingFaceSource({ baseUrl: hf.url, retries: 0, timeoutMs: 2_000 });
  const services = createCommandServices({ ...store, source });
  const context = platformContext({ config, logger, clock, services, store });
  const harness: Harness = {
    discord,
    hf,
    store,
    context,
    adapter: createDiscordAdapter(context, options.adapter),
    logs,
    async restart() {
      await harness.adapter.stop();
      harness.adapter = createDiscordAdapter(context, options.adapter);
      await harness.adapter.start();
    },
    async close() {
      await harness.adapter.stop();
      await discord.close();
      await hf.close();
      await store.close();
    },
  };
  if (options.start !== false) await harness.adapter.start();
  return harness;
}

let counter = 0;

/** A paper as the store keeps it; everything invented. */
export function makePaper(overrides: Partial<Paper> = {}): Paper {
  counter += 1;
  const id = overrides.id ?? `2606.${String(10000 + counter)}`;
  return {
    id,
    title: `A Study of Things Number ${counter}`,
    summary: `We study things. This is the abstract of paper ${id}, which goes on for a while to look like one.`,
    authors: ['Ada Example', 'Ben Sample', 'Cy Placeholder', 'Dee Fictional'],
    upvotes: 10 + counter,
    numComments: 2,
    aiKeywords: ['things', 'study'],
    publishedAt: '2026-06-02T00:00:00.000Z',
    dailyDate: '2026-06-03',
    ...overrides,
  };
}
