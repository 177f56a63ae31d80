/**
 * The bot as the fault-injection suite runs it: a real process with the real store, the real
 * Hugging Face client, the real Discord adapter (against the fake Discord server) and the
 * scheduler, composed as `paperboy start` composes them. The suite SIGKILLs it at a random moment,
 * or asks it to SIGKILL itself at a delivery checkpoint:
 *
 *   FAULT_KILL_AT=digest:claimed|digest:planned|digest:sent|alert:claimed|alert:sent|ingest:stored
 *   FAULT_KILL_SKIP=n   pass the checkpoint n times first (default 0)
 *
 * (`ingest:stored`: a poll's papers are stored and their alerts are about to be queued.)
 *
 * It prints `ready` once the catch-up pass is done, and leaves on SIGTERM/SIGINT after letting
 * in-flight sends finish, closing the database last.
 */
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';
import { createApp, platformContext } from '../../../src/main.js';
import { createDiscordAdapter } from '../../../src/platforms/discord/index.js';
import { createScheduler } from '../../../src/scheduler/scheduler.js';

const config = loadConfig(process.env);
const logger = createLogger(config.LOG_LEVEL);
const app = await createApp(config, logger);
const killAt = process.env.FAULT_KILL_AT;
let skip = Number(process.env.FAULT_KILL_SKIP ?? 0);
if (killAt === 'ingest:stored') {
  const enqueue = app.store.alerts.enqueue.bind(app.store.alerts);
  (app.store.alerts as { enqueue: typeof enqueue }).enqueue = (alerts, at) => {
    if (skip-- <= 0) process.kill(process.pid, 'SIGKILL');
    return enqueue(alerts, at);
  };
}

const discord = createDiscordAdapter(platformContext(app), { register: false });
const scheduler = createScheduler({
  store: app.store,
  ingest: app.ingest,
  messengers: new Map([['discord', discord]]),
  clock: app.clock,
  logger,
  config,
  checkpoint: (kind, point) => {
    if (`${kind}:${point}` !== killAt) return;
    if (skip-- > 0) return;
    process.kill(process.pid, 'SIGKILL');
  },
});

let leaving = false;
async function leave(signal: string): Promise<void> {
  if (leaving) return;
  leaving = true;
  logger.info({ signal }, 'stopping');
  await scheduler.stop();
  await discord.stop();
  await app.close();
  process.stdout.write('stopped\n');
  process.exit(0);
}
process.once('SIGTERM', () => void leave('SIGTERM'));
process.once('SIGINT', () => void leave('SIGINT'));

await discord.start();
await scheduler.start();
process.stdout.write('ready\n');
