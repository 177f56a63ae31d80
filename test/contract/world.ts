/**
 * What every platform's contract run shares: the real store on in-memory SQLite with a known set of
 * papers, a fake Hugging Face, a clock the suite moves, the shared use-cases, and the context an
 * adapter is given. Each platform's driver adds its own fake service and adapter on top.
 */
import { pino } from 'pino';
import { createCommandServices, type CommandServices } from '../../commands/services.js';
import { loadConfig } from '../../src/config.js';
import type { Paper } from '../../src/core/paper.js';
import { platformContext } from '../../src/main.js';
import type { PlatformContext } from '../../src/platforms/platform.js';
import { createHuggingFaceSource } from '../../src/sources/hf/index.js';
import type { Store } from '../../src/store/index.js';
import { startFakeHuggingFace, type FakeHuggingFace } from '../fakes/hf-server.js';
import { memoryStore } from '../helpers/memory-store.js';
import { testClock, type TestClock } from '../integration/scheduler-support.js';

/** A Monday morning; the papers are Friday's. */
export const CONTRACT_START = '2026-06-08T07:00:00Z';
export const PAPERS_DAY = '2026-06-05';

/** A paper of Friday's list; everything invented. */
export function contractPaper(n: number, overrides: Partial<Paper> = {}): Paper {
  return {
    id: `2606.${String(70000 + n)}`,
    title: `Zeugma attention, part ${n}`,
    summary: `We fold attention like a zeugma, part ${n}. The rest of this abstract goes on for a while to look like one.`,
    authors: ['Ada Example', 'Ben Sample', 'Cy Placeholder', 'Dee Fictional'],
    upvotes: 200 - n,
    numComments: 1,
    aiKeywords: ['attention'],
    publishedAt: '2026-06-04T00:00:00.000Z',
    dailyDate: PAPERS_DAY,
    ...overrides,
  };
}

export interface World {
  readonly store: Store;
  readonly hf: FakeHuggingFace;
  readonly clock: TestClock;
  /** The use-cases every adapter of this world runs (a test may break one on purpose). */
  readonly services: CommandServices;
  /** Every log line, parsed. */
  readonly logs: Record<string, unknown>[];
  /** The context an adapter is given, with the platform's own settings (tokens, API URLs). */
  context(env?: Record<string, string>): PlatformContext;
  close(): Promise<void>;
}

export async function openWorld(): Promise<World> {
  const logs: Record<string, unknown>[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) });
  const clock = testClock(CONTRACT_START);
  const hf = await startFakeHuggingFace({ days: {}, today: CONTRACT_START.slice(0, 10) });
  const store = await memoryStore({ clock });
  await store.papers.upsert(Array.from({ length: 12 }, (_, i) => contractPaper(i + 1)), 'daily', clock.now());
  const source = createHuggingFaceSource({ baseUrl: hf.url, retries: 0, timeoutMs: 2_000 });
  const services = createCommandServices({ ...store, source });
  return {
    store,
    hf,
    clock,
    services,
    logs,
    context: (env = {}) =>
      platformContext({ config: loadConfig({ DATABASE_URL: ':memory:', HF_API_URL: hf.url, ...env }), logger, clock, services, store }),
    async close() {
      await hf.close();
      await store.close();
    },
  };
}
