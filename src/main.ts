/**
 * The composition root: reads nothing itself, receives the validated config, builds the store, the
 * Hugging Face source, the use-cases and the command dispatcher, and starts what is configured.
 */
import { createCommandServices, type CommandServices } from '../commands/services.js';
import { createDispatcher, type Dispatcher } from '../commands/dispatch.js';
import type { Config } from './config.js';
import type { Clock } from './core/ports.js';
import { checkPlatformNames } from './core/platform-name.js';
import { createIngest } from './core/use-cases/ingest.js';
import type { Logger } from './logger.js';
import { createConsoleAdapter, type ConsoleIo } from './platforms/console/console-adapter.js';
import type { ChatAdapter, PlatformContext } from './platforms/platform.js';
import { CHAT_PLATFORMS, type PlatformEntry } from './platforms/registry.js';
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

/** Opens the database (applying pending migrations) and wires every part; nothing is started yet. */
export async function createApp(config: Config, logger: Logger, clock: Clock = { now: () => new Date() }): Promise<App> {
  const db = openDatabase(config.DATABASE_URL, {
    poolMax: config.DATABASE_POOL_MAX,
    onConnectionError: (error) => logger.warn({ err: error }, 'a database connection was lost; the next query reconnects'),
  });
  try {
    const applied = await migrateToLatest(db);
    if (applied.length > 0) logger.info({ applied }, 'database migrated');
  } catch (error) {
    await db.destroy();
    throw error;
  }
  const store = createStore(db, {
    clock,
    onSearchIndexError: (error) => logger.error({ err: error }, 'the search index could not be built or brought up to date'),
    // Searches wait for the build; at debug, so one-shot commands keep standard error quiet.
    onSearchIndexBuilt: (stats) => logger.debug(stats, 'search index built'),
  });
  const source = createHuggingFaceSource({
    baseUrl: config.HF_API_URL,
    token: config.HF_TOKEN,
    logger: logger.child({ component: 'huggingface' }),
  });
  const ingest = createIngest({ source, papers: store.papers, alerts: store.alerts, subscriptions: store.subscriptions, milestones: store, clock });
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
 * One adapter per chat platform whose credentials are set, or the console when none is. Each
 * adapter's name is checked here, once: it is what its rows are stored under.
 */
export async function chatAdapters(app: App, io: ConsoleIo, platforms: readonly PlatformEntry[] = CHAT_PLATFORMS): Promise<ChatAdapter[]> {
  const context = platformContext(app);
  const adapters = await Promise.all(platforms.filter((p) => p.configured(app.config)).map((p) => p.create(context)));
  if (adapters.length === 0) adapters.push(createConsoleAdapter(context, io));
  checkPlatformNames(adapters.map((a) => a.platform));
  return adapters;
}
