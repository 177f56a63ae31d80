/**
 * Crash trials across replicas: three `paperboy start` processes on one PostgreSQL database,
 * delivering digests and alerts to the fake Discord and the fake Slack, while each trial SIGKILLs
 * replicas and starts them again. Every channel is due for two slots (yesterday's and today's),
 * and news that matches the topic is listed during the trial, so kills land in catch-up passes,
 * polls and alert runs alike. Afterwards the fakes' own records must show every slot posted once
 * and every alert sent once, and `paperboy status` must agree.
 *
 * A trial's plan comes from its seed (printed in its name and with every failure): a few steps,
 * each killing one replica (sometimes two, or all three) either after a random delay or as soon as
 * the fakes have received a given number of messages, then restarting them after a random pause.
 * The same seed gives the same plan; where in its work each process is at a kill is the machine's.
 *
 *   REPLICA_TRIALS_SEED=n  seeds n+1, n+2, … instead of 1, 2, …
 *   REPLICA_TRIALS=n       how many trials (default 20)
 *
 * e.g. `REPLICA_TRIALS_SEED=6 REPLICA_TRIALS=1 npx vitest run test/faults/replica-crashes.test.ts`
 * runs seed 7 alone.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { seededRandom } from '../fakes/random.js';
import { createTestDatabases, type TestDatabases } from '../helpers/postgres-databases.js';
import { BOT, REPO, createWorld, eventually, startBot, type BotProcess } from './support/world.js';
import { exactlyOnce, settled, status, tally } from './support/verdict.js';

const REPLICAS = 3;
const TRIALS = Number(process.env.REPLICA_TRIALS ?? 20);
const FIRST_SEED = Number(process.env.REPLICA_TRIALS_SEED ?? 0) + 1;
const serverUrl = inject('postgresUrl');

/** One step of a trial's plan. */
interface Step {
  /** Kill after this many ms since the last step, or once the fakes hold this many messages in all. */
  readonly when: { readonly afterMs: number } | { readonly messages: number };
  /** Which replicas (by number, among those running). */
  readonly victims: readonly number[];
  readonly restartAfterMs: number;
  /** List one more matching paper on Hugging Face before this step. */
  readonly news: boolean;
}

function planOf(seed: number): Step[] {
  const random = seededRandom(seed * 104_729);
  const pick = (n: number) => Math.floor(random() * n);
  const steps = Array.from({ length: 1 + pick(3) }, (): Step => {
    const when = random() < 0.5 ? { afterMs: pick(1200) } : { messages: 1 + pick(14) };
    const many = random();
    const victims = many < 0.1 ? [0, 1, 2] : many < 0.25 ? [pick(3), (pick(2) + 1) % 3] : [pick(3)];
    return { when, victims: [...new Set(victims)], restartAfterMs: pick(800), news: random() < 0.35 };
  });
  return steps;
}

const describeText = (step: Step) =>
  `${'afterMs' in step.when ? `after ${step.when.afterMs} ms` : `at message ${step.when.messages}`}: kill ${step.victims.join('+')}, restart after ${step.restartAfterMs} ms${step.news ? ' (news first)' : ''}`;

describe('SIGKILL and restart replicas on one PostgreSQL database', () => {
  if (!serverUrl) {
    it.skip('needs PostgreSQL: start it on 127.0.0.1:5432 (user postgres) or set PG_TEST_URL');
    return;
  }
  let databases: TestDatabases;
  beforeAll(() => {
    if (!existsSync(BOT)) throw new Error(`${BOT} is missing: run \`npm run build\` first (npm test does).`);
    databases = createTestDatabases(serverUrl);
  });
  afterAll(() => databases.dropAll(), 60_000);

  const seeds = Array.from({ length: TRIALS }, (_, i) => FIRST_SEED + i);
  it.concurrent.each(seeds)('seed %i', { timeout: 150_000 }, async (seed) => {
    const plan = planOf(seed);
    const story = `seed ${seed}: ${plan.map(describeText).join('; ')}`;
    const database = await databases.create();
    const world = await createWorld({ database, slack: true, slotsPerTarget: 2 });
    const runs: BotProcess[] = [];
    const replicas: BotProcess[] = [];
    const start = (n: number) => {
      // A poll every three seconds brings the news listed during the trial; few connections each, as
      // several trials share the server.
      const bot = startBot(world.env({ INGEST_CRON: '*/3 * * * * *', DATABASE_POOL_MAX: '2', LOG_LEVEL: 'info' }), [join(REPO, 'bin/paperboy'), 'start']);
      replicas[n] = bot;
      runs.push(bot);
    };
    const outputs = () => runs.map((bot, i) => `--- run ${i + 1}\n${bot.output()}`).join('\n');
    const received = () =>
      [...world.discord.messages.values()].reduce((n, list) => n + list.length, 0) + (world.slack?.messages.filter((m) => m.thread_ts === undefined).length ?? 0);
    const store = world.open();
    try {
      for (let n = 0; n < REPLICAS; n += 1) start(n);
      for (const step of plan) {
        if (step.news) world.addNews();
        const { when } = step;
        if ('afterMs' in when) await sleep(when.afterMs);
        else await until(() => received() >= when.messages, 5_000);
        await Promise.all(
          step.victims.map(async (n) => {
            replicas[n]!.child.kill('SIGKILL');
            await replicas[n]!.exited;
          }),
        );
        await sleep(step.restartAfterMs);
        for (const n of step.victims) start(n);
      }

      await eventually(() => settled(world, store), 90_000, `every slot and alert settled (${story})`).catch((error: unknown) => {
        throw new Error(`${error instanceof Error ? error.message : String(error)}\n${JSON.stringify(tally(world))}\n${outputs()}`);
      });
      // A replica stops gracefully once it is running (before that, SIGTERM ends it as any process).
      await eventually(async () => replicas.every((bot) => bot.output().includes('Paperboy is running')), 30_000, 'every replica running');
      for (const bot of replicas) bot.child.kill('SIGTERM');
      for (const bot of replicas) expect(await bot.exited, `${story}\n${outputs()}`).toEqual({ code: 0, signal: null });

      expect(tally(world), story).toEqual(exactlyOnce(world));
      const report = await status(world);
      for (const target of report.targets) {
        expect(target.lastDigest?.slot, story).toBe(world.slot);
        expect(target.inProgress, story).toEqual([]);
        expect(target.recentFailures, story).toEqual([]);
      }
      expect(report.people.map((p) => [p.pending, p.delivered]), story).toEqual(world.people.map(() => [0, world.matching.length]));
    } finally {
      await store.close();
      await world.close();
      await databases.drop(database);
    }
  });
});

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Waits until `check` holds or `limitMs` passed (a step whose message count never comes kills anyway). */
async function until(check: () => boolean, limitMs: number): Promise<void> {
  const end = Date.now() + limitMs;
  while (!check() && Date.now() < end) await sleep(10);
}
