/**
 * Everything a Slack end-to-end test needs, all real except the outside services: the fake Slack
 * and Hugging Face on 127.0.0.1, a migrated SQLite store with a few days of papers, the shared
 * dispatcher, and the real Bolt adapter on a free port (or over Socket Mode).
 */
import { createServer } from 'node:net';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { platformContext } from '../../src/main.js';
import { createCommandServices } from '../../commands/services.js';
import { loadConfig } from '../../src/config.js';
import type { Clock } from '../../src/core/ports.js';
import type { ChatAdapter, PlatformContext } from '../../src/platforms/platform.js';
import { createSlackAdapter } from '../../src/platforms/slack/index.js';
import { createHuggingFaceSource } from '../../src/sources/hf/client.js';
import type { Store } from '../../src/store/index.js';
import { memoryStore } from '../helpers/memory-store.js';
import { startFakeHuggingFace, type FakeHuggingFace } from './hf-server.js';
import { startFakeSlack, type FakeSlack, type FakeUser } from './slack-api.js';
import { SIGNING_SECRET } from './slack-requests.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/hf/', import.meta.url));
export const NOW = new Date('2026-06-05T12:00:00Z');
export const DAYS = ['2026-06-03', '2026-06-04'];
/** Small waits so a 429 with Retry-After 1 is honoured within a test's seconds. */
export const TEST_RETRY = { retries: 2, factor: 1, minTimeout: 10, maxTimeout: 20 };

export interface SlackHarness {
  readonly slack: FakeSlack;
  readonly hf: FakeHuggingFace;
  readonly store: Store;
  readonly clock: Clock & { set(date: Date): void };
  /** Everything the adapter logged, one JSON line each. */
  readonly logs: string[];
  /** What the adapter was built from; tests build more adapters from it with other settings. */
  readonly context: PlatformContext;
  adapter: ChatAdapter;
  /** http://127.0.0.1:PORT of the adapter's HTTP receiver (HTTP mode). */
  readonly appUrl: string;
  /** A new adapter on the same store and fake Slack, as after a restart. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly socketMode?: boolean;
  readonly users?: Record<string, FakeUser>;
  readonly adminIds?: string;
  readonly retryConfig?: typeof TEST_RETRY;
}

export async function startSlackHarness(options: HarnessOptions = {}): Promise<SlackHarness> {
  const slack = await startFakeSlack({ users: { U0ADA: {}, U0BOSS: { admin: true }, ...options.users } });
  const hf = await startFakeHuggingFace({ dir: FIXTURES, today: '2026-06-05' });
  let current = NOW;
  const clock = { now: () => current, set: (date: Date) => void (current = date) };
  const store = await memoryStore({ clock });
  const source = createHuggingFaceSource({ baseUrl: hf.url, retries: 0 });
  for (const day of DAYS) await store.papers.upsert(await source.daily(day), 'daily', NOW);
  const port = await freePort();
  const logs: string[] = [];
  const logger = pino(
    { level: 'debug' },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        logs.push(String(chunk));
        done();
      },
    }),
  );
  const config = loadConfig({
    DATABASE_URL: ':memory:',
    HF_API_URL: hf.url,
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_PORT: String(port),
    SLACK_API_URL: slack.url,
    ADMIN_USER_IDS: options.adminIds ?? '',
    ...(options.socketMode ? { SLACK_APP_TOKEN: slack.appToken } : {}),
  });
  const services = createCommandServices({ ...store, source });
  const context = platformContext({ config, logger, clock, services, store });
  const make = () => createSlackAdapter(context, { retryConfig: options.retryConfig ?? TEST_RETRY });

  const harness: SlackHarness = {
    slack,
    hf,
    store,
    clock,
    logs,
    context,
    adapter: make(),
    appUrl: `http://127.0.0.1:${port}`,
    async restart() {
      await harness.adapter.stop();
      harness.adapter = make();
      await harness.adapter.start();
      if (options.socketMode) await slack.socket.connected();
    },
    async close() {
      await harness.adapter.stop();
      if (options.socketMode) await slack.socket.closed();
      await slack.close();
      await hf.close();
      await store.close();
    },
  };
  await harness.adapter.start();
  if (options.socketMode) await slack.socket.connected();
  return harness;
}

/** Bolt's HTTP receiver needs a port number up front: ask the system for a free one. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))));
    });
  });
}

/** The text of every section, header and context of a message or response, for assertions. */
export function blockText(blocks: unknown): string {
  if (!Array.isArray(blocks)) return '';
  return blocks
    .flatMap((b: { text?: { text?: string }; elements?: { text?: unknown }[]; accessory?: { text?: { text?: string } } }) => [
      b.text?.text ?? '',
      ...(b.elements ?? []).map((e) => (typeof e.text === 'string' ? e.text : ((e.text as { text?: string } | undefined)?.text ?? ''))),
    ])
    .join('\n');
}
