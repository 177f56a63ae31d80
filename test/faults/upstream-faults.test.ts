/**
 * Real bot processes against misbehaving neighbours: Hugging Face answering 500, 429, a cut-off
 * body or nothing for a while; Discord answering 429 and 500; a channel the bot lost access to;
 * and two bot processes sharing one SQLite file. After each, every slot and alert went out exactly
 * once (or the failure is recorded), and `paperboy status` says so.
 */
import { existsSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BOT, CHANNELS, createWorld, eventually, startBot, type World } from './support/world.js';
import { exactlyOnce, settled, status, tally } from './support/verdict.js';

let world: World | undefined;

beforeAll(() => {
  if (!existsSync(BOT)) throw new Error(`${BOT} is missing: run \`npm run build\` first (npm test does).`);
});
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** Starts the bot, waits until everything is delivered, stops it with SIGTERM, and checks the result. */
async function runToCompletion(w: World, env: Record<string, string> = {}): Promise<void> {
  const bot = startBot(w.env(env));
  await bot.ready;
  await eventually(() => settled(w), 25_000, 'every slot and alert settled');
  bot.child.kill('SIGTERM');
  expect(await bot.exited, bot.output()).toEqual({ code: 0, signal: null });
  expect(tally(w)).toEqual(exactlyOnce(w));
  const report = await status(w);
  expect(report.targets.map((t) => [t.lastDigest?.slot, t.inProgress.length, t.recentFailures.length])).toEqual(
    CHANNELS.map(() => [w.slot, 0, 0]),
  );
  expect(report.people.map((p) => [p.pending, p.delivered])).toEqual([
    [0, 3],
    [0, 3],
  ]);
}

describe('Hugging Face misbehaving at digest time', () => {
  it.each([
    ['500', { status: 500, times: 2 }],
    ['429 with Retry-After', { status: 429, headers: { 'retry-after': '1' }, times: 2 }],
    ['a cut-off body', { truncate: true, times: 2 }],
    ['nothing for a while', { delayMs: 2_500, times: 1 }],
  ] as const)('still posts every digest once after %s', async (_name, rule) => {
    world = await createWorld();
    world.hf.fail({ path: '/api/daily_papers', ...rule });
    await runToCompletion(world);
    expect(world.hf.requests.length).toBeGreaterThan(rule.times);
  }, 120_000);

  it('keeps the slots claimed for a retry while Hugging Face is down, and shows why in status', async () => {
    world = await createWorld();
    world.hf.fail({ path: '/api/daily_papers', status: 503, times: 10_000 });
    const bot = startBot(world.env());
    await bot.ready;
    const report = await status(world);
    for (const target of report.targets) {
      expect(target.lastDigest).toBeUndefined();
      expect(target.inProgress).toHaveLength(1);
      expect(target.inProgress[0]?.lastError).toMatch(/503/);
    }
    bot.child.kill('SIGTERM');
    expect((await bot.exited).code).toBe(0);
    expect(tally(world).digests).toEqual(Object.fromEntries(CHANNELS.map((c) => [`discord:${c.id}`, 0])));
  }, 120_000);
});

describe('Discord misbehaving', () => {
  it('retries 429 and 500 answers without losing or doubling a message', async () => {
    world = await createWorld();
    world.discord.fail({ method: 'POST', path: /^\/channels\/\d+\/messages$/, status: 429, retryAfter: 0.2, times: 2 });
    world.discord.fail({ method: 'POST', path: /^\/channels\/\d+\/messages$/, status: 500, times: 2 });
    await runToCompletion(world);
    const refused = world.discord.calls.filter((c) => c.method === 'POST' && (c.status === 429 || c.status === 500));
    expect(refused).toHaveLength(4);
  }, 120_000);

  it('disables a channel the bot lost access to, keeps the reason, and shows it in status', async () => {
    world = await createWorld();
    world.discord.channels.get(CHANNELS[0]!.id)!.noAccess = true;
    const bot = startBot(world.env());
    await bot.ready;
    await eventually(async () => {
      const report = await status(world!);
      return report.targets.filter((t) => t.lastDigest?.slot === world!.slot).length === 2;
    }, 25_000, 'the two reachable channels posted');
    bot.child.kill('SIGTERM');
    await bot.exited;
    const report = await status(world);
    const lost = report.targets.find((t) => t.channelId === CHANNELS[0]!.id)!;
    expect(lost.enabled).toBe(false);
    expect(lost.disabledReason).toMatch(/access/i);
    expect(lost.nextRun).toBeUndefined();
    expect(lost.recentFailures[0]).toMatchObject({ slot: world.slot, status: 'failed' });
    expect(tally(world).digests).toEqual({ [`discord:${CHANNELS[0]!.id}`]: 0, [`discord:${CHANNELS[1]!.id}`]: 1, [`discord:${CHANNELS[2]!.id}`]: 1 });
  }, 120_000);
});

describe('two bot processes on one database file', () => {
  it('posts every slot and sends every alert exactly once between them', async () => {
    world = await createWorld();
    const bots = [startBot(world.env()), startBot(world.env())];
    await Promise.all(bots.map((b) => b.ready));
    await eventually(() => settled(world!), 25_000, 'every slot and alert settled');
    for (const bot of bots) bot.child.kill('SIGTERM');
    for (const bot of bots) expect((await bot.exited).code, bot.output()).toBe(0);
    expect(tally(world)).toEqual(exactlyOnce(world));
    const report = await status(world);
    expect(report.targets.every((t) => t.inProgress.length === 0 && t.recentFailures.length === 0)).toBe(true);
  }, 120_000);
});
