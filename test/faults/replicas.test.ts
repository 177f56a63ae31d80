/**
 * Three bot processes on one PostgreSQL database, started together as replicas are: one ingests
 * while the others leave the poll to it, and between them every digest slot is posted once and
 * every alert sent once, and `paperboy status` agrees.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabases, type TestDatabases } from '../helpers/postgres-databases.js';
import { BOT, REPO, createWorld, eventually, startBot, type BotProcess, type World } from './support/world.js';
import { exactlyOnce, settled, status, tally } from './support/verdict.js';

const REPLICAS = 3;
const serverUrl = inject('postgresUrl');

describe('replicas on one PostgreSQL database', () => {
  if (!serverUrl) {
    it.skip('needs PostgreSQL: start it on 127.0.0.1:5432 (user postgres) or set PG_TEST_URL');
    return;
  }
  let databases: TestDatabases;
  let world: World | undefined;
  let bots: BotProcess[] = [];

  beforeAll(() => {
    if (!existsSync(BOT)) throw new Error(`${BOT} is missing: run \`npm run build\` first (npm test does).`);
    databases = createTestDatabases(serverUrl);
  });
  afterEach(async () => {
    for (const bot of bots) bot.child.kill('SIGKILL');
    await Promise.all(bots.map((bot) => bot.exited));
    bots = [];
    await world?.close();
    world = undefined;
  });
  afterAll(() => databases.dropAll());

  it('post each digest slot once and send each alert once between them', async () => {
    world = await createWorld({ database: await databases.create() });
    bots = Array.from({ length: REPLICAS }, () => startBot(world!.env()));
    await Promise.all(bots.map((bot) => bot.ready));
    await eventually(() => settled(world!), 40_000, 'every slot and alert settled');
    for (const bot of bots) bot.child.kill('SIGTERM');
    for (const bot of bots) expect(await bot.exited, bot.output()).toEqual({ code: 0, signal: null });

    const output = bots.map((bot) => bot.output()).join('\n');
    expect(tally(world), output).toEqual(exactlyOnce(world));
    const report = await status(world);
    for (const target of report.targets) {
      expect(target.lastDigest).toMatchObject({ slot: world.slot, papers: 5, messageId: world.discord.messages.get(target.channelId)![0]!.id });
      expect(target.inProgress).toEqual([]);
    }
    expect(report.people.map((p) => [p.pending, p.delivered])).toEqual([
      [0, 3],
      [0, 3],
    ]);
  }, 90_000);

  it('as `paperboy start` processes, post each digest slot once and send each alert once between them', async () => {
    world = await createWorld({ database: await databases.create() });
    bots = Array.from({ length: 2 }, () => startBot(world!.env(), [join(REPO, 'bin/paperboy'), 'start']));
    await eventually(() => settled(world!), 40_000, 'every slot and alert settled');
    for (const bot of bots) bot.child.kill('SIGTERM');
    for (const bot of bots) expect(await bot.exited, bot.output()).toEqual({ code: 0, signal: null });
    expect(tally(world), bots.map((bot) => bot.output()).join('\n')).toEqual(exactlyOnce(world));
  }, 90_000);
});
