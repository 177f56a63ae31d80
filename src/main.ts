/**
 * The composition root: reads nothing itself, receives the validated config, builds the store, the
 * Hugging Face source, the use-cases and the command dispatcher, and starts what is configured.
 */
import { userInfo } from 'node:os';
import { createCommandServices, type CommandServices } from '../commands/services.js';
import { createDispatcher, type Dispatcher } from '../commands/dispatch.js';
import type { Config } from './config.js';
import { createAlertDelivery, type AlertDelivery } from './core/alerts/deliver-alerts.js';
import type { Clock, PersonRef, TargetRef } from './core/ports.js';
import { createIngest } from './core/use-cases/ingest.js';
import type { Logger } from './logger.js';
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
  readonly alertDelivery: AlertDelivery;
  close(): Promise<void>;
}

/** Opens the database (applying pending migrations) and wires every part; nothing is started yet. */
export async function createApp(config: Config, logger: Logger, clock: Clock = { now: () => new Date() }): Promise<App> {
  const db = openDatabase(config.DATABASE_URL);
  try {
    const applied = await migrateToLatest(db);
    if (applied.length > 0) logger.info({ applied }, 'database migrated');
  } catch (error) {
    await db.destroy();
    throw error;
  }
  const store = createStore(db, { clock });
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
    alertDelivery: createAlertDelivery(store),
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
