/**
 * The composition root: reads nothing itself, receives the validated config, builds the store, the
 * Hugging Face source, the use-cases and the command dispatcher, and starts what is configured.
 */
import { userInfo } from 'node:os';
import { createCommandServices, type CommandServices } from '../commands/services.js';
import { createDispatcher, type Dispatcher } from '../commands/dispatch.js';
import type { Config } from './config.js';
import type { Clock, PersonRef, TargetRef } from './core/ports.js';
import { platformNames } from './core/platform-name.js';
import { createIngest } from './core/use-cases/ingest.js';
import type { Logger } from './logger.js';
import type { ChatAdapter, PlatformContext } from './platforms/platform.js';
import { createHuggingFaceSource } from './sources/hf/index.js';
import { createStore, migrateToLatest, openDatabase, type Store } from './store/index.js';

export interface App {
  readonly config: Config;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly store: Store;
  readonly ingest: ReturnType<typeof createIngest>;
  readonly services: CommandServices;
  readonly dispatcher: Dispatcher;
  close(): Promise<void>;
}

export interface AppOptions {
  /** Keep the in-memory search index (a long-running `paperboy start`; one-shot commands ask FTS5). */
  readonly searchIndex?: boolean;
}

/** Opens the database (applying pending migrations) and wires every part; nothing is started yet. */
export async function createApp(config: Config, logger: Logger, clock: Clock = { now: () => new Date() }, options: AppOptions = {}): Promise<App> {
  const db = openDatabase(config.DATABASE_URL);
  try {
    const applied = await migrateToLatest(db);
    if (applied.length > 0) logger.info({ applied }, 'database migrated');
  } catch (error) {
    await db.destroy();
    throw error;
  }
  const store = createStore(db, {
    clock,
    searchIndex: options.searchIndex ?? false,
    onSearchIndexError: (error) => logger.warn({ err: error }, 'search index unavailable; searching with FTS5'),
  });
  const source = createHuggingFaceSource({
    baseUrl: config.HF_API_URL,
    token: config.HF_TOKEN,
    logger: logger.child({ component: 'huggingface' }),
  });
  const ingest = createIngest({ source, papers: store.papers, alerts: store.alerts, subscriptions: store.subscriptions, clock });
  const services = createCommandServices({ ...store, source });
  return {
    config,
    logger,
    clock,
    store,
    ingest,
    services,
    dispatcher: createDispatcher(services),
    close: () => store.close(),
  };
}

/** The console's person and channel: the operator at this terminal, who may configure everything. */
export function consoleIdentity(): { person: PersonRef; target: TargetRef } {
  let user = 'operator';
  try {
    user = userInfo().username || user;
  } catch {
    // No passwd entry (some containers): the default name serves.
  }
  return { person: { platform: 'console', userId: user }, target: { platform: 'console', channelId: 'terminal' } };
}

/**
 * What a chat adapter is given: the shared dispatcher and use-cases, and the ports it keeps state
 * in. Takes the App, or the same parts assembled by hand (the platform test harnesses do).
 */
export function platformContext(
  parts: Pick<App, 'config' | 'logger' | 'clock' | 'services'> & {
    readonly store: Pick<Store, 'people' | 'digests' | 'meta' | 'interactions'>;
    readonly dispatcher?: Dispatcher;
  },
): PlatformContext {
  const { config, logger, clock, services, store } = parts;
  return {
    config,
    logger,
    clock,
    dispatcher: parts.dispatcher ?? createDispatcher(services),
    services,
    people: store.people,
    digests: store.digests,
    meta: store.meta,
    interactions: store.interactions,
  };
}

/**
 * One adapter per chat platform whose credentials are set; none means the console. The SDKs are
 * loaded only when configured: they take over a second to import, which every CLI command would pay.
 */
export async function chatAdapters(app: App): Promise<ChatAdapter[]> {
  const { config } = app;
  const adapters: ChatAdapter[] = [];
  if (config.DISCORD_TOKEN) {
    const { createDiscordAdapter } = await import('./platforms/discord/index.js');
    adapters.push(createDiscordAdapter(platformContext(app)));
  }
  if (config.SLACK_BOT_TOKEN) {
    const { createSlackAdapter } = await import('./platforms/slack/index.js');
    adapters.push(createSlackAdapter(platformContext(app)));
  }
  platformNames(adapters.map((a) => a.platform));
  return adapters;
}
