/**
 * What the suite asserts after every scenario, from the fake Discord's own records and from
 * `paperboy status --json`: every channel got its digest exactly once, every person got every
 * matching paper exactly once, and status agrees.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { StatusReport } from '../../../src/cli/status.js';
import { CHANNELS, MATCHING, PEOPLE, REPO, paperIdsIn, type World } from './world.js';

export interface Tally {
  /** Messages per target channel. */
  readonly digests: Record<string, number>;
  /** Per person id: how often each matching paper reached them. */
  readonly alerts: Record<string, Record<string, number>>;
}

export function tally(world: World): Tally {
  const digests = Object.fromEntries(CHANNELS.map((c) => [c.id, world.discord.messages.get(c.id)?.length ?? 0]));
  const alerts: Record<string, Record<string, number>> = {};
  for (const person of PEOPLE) {
    const counts = Object.fromEntries(MATCHING.map((id) => [id, 0]));
    const dm = [...world.discord.channels.values()].find((c) => c.type === 1 && c.recipientId === person.id);
    for (const message of (dm && world.discord.messages.get(dm.id)) ?? []) {
      for (const id of paperIdsIn(message)) if (id in counts) counts[id]! += 1;
    }
    alerts[person.id] = counts;
  }
  return { digests, alerts };
}

export const EXACTLY_ONCE: Tally = {
  digests: Object.fromEntries(CHANNELS.map((c) => [c.id, 1])),
  alerts: Object.fromEntries(PEOPLE.map((p) => [p.id, Object.fromEntries(MATCHING.map((id) => [id, 1]))])),
};

/** `paperboy status --json` against the world's database, as an operator would run it. */
export function status(world: World): Promise<StatusReport> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(REPO, 'bin/paperboy'), 'status', '--json'], {
      cwd: world.dir,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATABASE_URL: world.db, LOG_LEVEL: 'error' },
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('close', (code) => {
      if (code !== 0) return fail(new Error(`paperboy status failed (${code}): ${err}`));
      done(JSON.parse(out) as StatusReport);
    });
  });
}

/** True once the database says every slot is sent and every alert delivered. */
export async function settled(world: World): Promise<boolean> {
  const store = world.open();
  try {
    for (const channel of CHANNELS) {
      const last = await store.digests.last({ platform: 'discord', channelId: channel.id });
      if (last?.slot !== world.slot) return false;
    }
    for (const person of PEOPLE) {
      const counts = await store.alerts.counts({ platform: 'discord', userId: person.id });
      if (counts.pending !== 0 || counts.delivered !== MATCHING.length) return false;
    }
    return true;
  } finally {
    await store.close();
  }
}
