/**
 * The composition root: reads nothing itself, receives the validated config, builds the store, the
 * Hugging Face source, the use-cases and the command dispatcher, and starts what is configured.
 */
import { createCommandServices, type CommandServices } from '../commands/services.js';
import { createDispatcher, type Dispatcher } from '../commands/dispatch.js';
import type { Config } from './config.js';
import { NO_METRICS, type Clock, type Metrics } from './core/ports.js';
import { checkPlatformNames } from './core/platform-name.js';
import { createIngest } from './core/use-cases/ingest.js';
import { routesHost } from './http/host.js';
import { createRouteTable, type RouteTable } from './http/route-table.js';
import type { Logger } from './logger.js';
import type { PrometheusMetrics } from './ops/prometheus.js';
import { createConsoleAdapter, type ConsoleIo } from './platforms/console/console-adapter.js';
import type { ChatAdapter, PlatformContext } from './platforms/platform.js';
import { CHAT_PLATFORMS, type PlatformEntry } from './platforms/registry.js';
import { lastIngestAt } from './scheduler/scheduler.js';
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
  /** The HTTP routes of this process; parts of the app add theirs while it is composed. */
  readonly routes: RouteTable;
  /** Kept when the operations endpoints are served (`serving` and an HTTP port): what `/metrics` shows. */
  readonly metrics: PrometheusMetrics | undefined;
  close(): Promise<void>;
}

export interface AppOptions {
  /** A process that serves (`paperboy start`): keeps metrics when an HTTP port will show them. */
  readonly serving?: boolean;
}

/** Opens the database (applying pending migrations) and wires every part; nothing is started yet. */
export async function createApp(config: Config, logger: Logger, clock: Clock = { now: () => new Date() }, options: AppOptions = {}): Promise<App> {
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
    tokenKey: config.TOKEN_ENCRYPTION_KEY ? Buffer.from(config.TOKEN_ENCRYPTION_KEY, 'base64') : undefined,
  });
  const metrics = options.serving && routesHost(config) ? await prometheusMetrics(store) : undefined;
  const counted: Metrics = metrics ?? NO_METRICS;
  const source = createHuggingFaceSource({
    baseUrl: config.HF_API_URL,
    token: config.HF_TOKEN,
    logger: logger.child({ component: 'huggingface' }),
    onRequest: (status) => counted.sourceRequest(status),
  });
  // The store holds every repository an ingest writes to (papers, alerts, topics, milestones, meta).
  const ingest = createIngest({ ...store, milestones: store, source, clock });
  const services = createCommandServices({ ...store, source, metrics: counted });
  return {
    config,
    logger,
    clock,
    store,
    ingest,
    services,
    dispatcher: createDispatcher(services),
    routes: createRouteTable(),
    metrics,
    close: () => store.close(),
  };
}

/** Loaded only by a process that shows its metrics: prom-client is not needed by one-shot commands. */
async function prometheusMetrics(store: Store): Promise<PrometheusMetrics> {
  const { createPrometheusMetrics } = await import('./ops/prometheus.js');
  return createPrometheusMetrics({
    papers: async () => store.searchIndex.stats()?.papers ?? (await store.papers.count()),
    lastIngest: () => lastIngestAt(store.meta),
  });
}

/**
 * What a chat adapter is given: the shared dispatcher and use-cases, and the ports it keeps state
 * in. Takes the App, or the same parts assembled by hand (the platform test harnesses do).
 */
export function platformContext(
  parts: Pick<App, 'config' | 'logger' | 'clock' | 'services'> & {
    readonly store: Pick<Store, 'people' | 'digests' | 'meta' | 'interactions' | 'installations'>;
    readonly dispatcher?: Dispatcher;
    readonly routes?: RouteTable;
  },
): PlatformContext {
  const { config, logger, clock, services, store } = parts;
  return {
    routes: parts.routes,
    config,
    logger,
    clock,
    dispatcher: parts.dispatcher ?? createDispatcher(services),
    services,
    people: store.people,
    digests: store.digests,
    meta: store.meta,
    interactions: store.interactions,
    installations: store.installations,
  };
}

/**
 * One adapter per chat platform whose credentials are set, or the console when none is. Each
 * adapter's name is checked here, once: it is what its rows are stored under.
 */
export async function chatAdapters(app: App, io: ConsoleIo, platforms: readonly PlatformEntry[] = CHAT_PLATFORMS): Promise<ChatAdapter[]> {
  const context = platformContext(app);
  // One after another, in the registry's order: each may add HTTP routes (Discord's interactions)
  // before one that serves them through its own server (Slack over HTTP) takes the table.
  const adapters: ChatAdapter[] = [];
  for (const platform of platforms.filter((p) => p.configured(app.config))) adapters.push(await platform.create(context));
  if (adapters.length === 0) adapters.push(createConsoleAdapter(context, io));
  checkPlatformNames(adapters.map((a) => a.platform));
  return adapters;
}
