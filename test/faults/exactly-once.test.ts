/**
 * Kills the bot with SIGKILL in the middle of posting digests and sending alerts, restarts it, and
 * checks from the fake Discord's records that every digest slot was posted exactly once and every
 * alert delivered exactly once, and that `paperboy status` tells the same story.
 *
 * Each trial is seeded: half kill the process at a checkpoint (right after a claim, after the plan
 * is fixed, right after the send and before completing, for digests and for alert DMs; between
 * storing a poll's papers and queueing their alerts), walking through every checkpoint with 0 or 1
 * passing first; the other half kill it after a random delay of up to 1.5 s, wherever it happens to
 * be (starting, polling, posting, in the middle of an HTTP request). About a quarter of the trials
 * kill a second time before the final run.
 */
import { existsSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../fakes/random.js';
import { BOT, createWorld, eventually, startBot, type World } from './support/world.js';
import { exactlyOnce, settled, status, tally } from './support/verdict.js';

const TRIALS = 24;
const CHECKPOINTS = ['digest:claimed', 'digest:planned', 'digest:sent', 'alert:claimed', 'alert:sent', 'ingest:stored'] as const;

let world: World | undefined;

beforeAll(() => {
  if (!existsSync(BOT)) throw new Error(`${BOT} is missing: run \`npm run build\` first (npm test does).`);
});
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe('SIGKILL during delivery, then restart', () => {
  it.each(Array.from({ length: TRIALS }, (_, i) => i + 1))('trial %i', { timeout: 120_000 }, async (seed) => {
    const random = seededRandom(seed * 7919);
    world = await createWorld();
    const kills = random() < 0.25 ? 2 : 1;
    const plan: string[] = [];
    for (let round = 0; round < kills; round += 1) {
      if (seed % 2 === 1) {
        // The first kill walks every checkpoint in turn (each with 0 and 1 deliveries passing first); a second is random.
        const k = (seed - 1) / 2;
        const point = round === 0 ? CHECKPOINTS[k % CHECKPOINTS.length]! : CHECKPOINTS[Math.floor(random() * CHECKPOINTS.length)]!;
        const skip = round === 0 ? Math.floor(k / CHECKPOINTS.length) % 2 : Math.floor(random() * 2);
        plan.push(`${point}+${skip}`);
        const bot = startBot(world.env({ FAULT_KILL_AT: point, FAULT_KILL_SKIP: String(skip) }));
        const end = await Promise.race([bot.exited, bot.ready.then(() => 'ready' as const)]);
        if (end === 'ready') {
          // Everything was done before that checkpoint came round again: stop it the hard way anyway.
          bot.child.kill('SIGKILL');
          await bot.exited;
        } else {
          expect(end.signal, bot.output()).toBe('SIGKILL');
        }
      } else {
        const delay = Math.floor(random() * 1500);
        plan.push(`after ${delay} ms`);
        const bot = startBot(world.env());
        const timer = setTimeout(() => bot.child.kill('SIGKILL'), delay);
        await bot.exited;
        clearTimeout(timer);
      }
    }

    const last = startBot(world.env());
    await last.ready;
    // Generous: on a loaded machine (the whole suite in parallel) a restart's catch-up has taken over 40 s.
    await eventually(() => settled(world!), 75_000, `every slot and alert settled (kills: ${plan.join(', ')})`).catch((error: unknown) => {
      throw new Error(`${error instanceof Error ? error.message : String(error)}; the last run printed:\n${last.output()}`);
    });
    last.child.kill('SIGTERM');
    expect(await last.exited, last.output()).toEqual({ code: 0, signal: null });
    expect(last.output()).toContain('stopped');

    expect(tally(world), `kills: ${plan.join(', ')}`).toEqual(exactlyOnce(world));
    const report = await status(world);
    for (const target of report.targets) {
      const posted = world.discord.messages.get(target.channelId)!;
      expect(target.lastDigest).toMatchObject({ slot: world.slot, papers: 5, messageId: posted[0]!.id });
      expect(target.inProgress).toEqual([]);
      expect(target.recentFailures).toEqual([]);
    }
    expect(report.people.map((p) => [p.pending, p.delivered])).toEqual([
      [0, 3],
      [0, 3],
    ]);
  });
});
