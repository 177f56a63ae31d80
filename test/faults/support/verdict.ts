/**
 * What the suite asserts after every scenario, from the fake platforms' own records and from
 * `paperboy status --json`: every channel got each due digest slot exactly once, every person got
 * every matching paper exactly once, and status agrees.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { StatusReport } from '../../../src/cli/status.js';
import type { PersonRef, TargetRef } from '../../../src/core/ports.js';
import type { Store } from '../../../src/store/index.js';
import { REPO, paperIdsIn, type World } from './world.js';

export interface Tally {
  /** Digest messages per channel (`platform:channel`). */
  readonly digests: Record<string, number>;
  /** Per person (`platform:user`): how often each matching paper reached them. */
  readonly alerts: Record<string, Record<string, number>>;
}

const targetKey = (t: TargetRef) => `${t.platform}:${t.channelId}`;
const personKey = (p: PersonRef) => `${p.platform}:${p.userId}`;

/** What the fake platforms received: top-level messages only (Slack puts abstracts in thread replies). */
function received(world: World, platform: string, channelId: string): readonly unknown[] {
  if (platform === 'slack') return world.slack?.messages.filter((m) => m.channel === channelId && m.thread_ts === undefined) ?? [];
  return world.discord.messages.get(channelId) ?? [];
}

function dmChannel(world: World, person: PersonRef): string | undefined {
  if (person.platform === 'slack') return `D${person.userId}`;
  return [...world.discord.channels.values()].find((c) => c.type === 1 && c.recipientId === person.userId)?.id;
}

export function tally(world: World): Tally {
  const digests = Object.fromEntries(world.targets.map((t) => [targetKey(t), received(world, t.platform, t.channelId).length]));
  const alerts: Record<string, Record<string, number>> = {};
  for (const person of world.people) {
    const counts = Object.fromEntries(world.matching.map((id) => [id, 0]));
    const dm = dmChannel(world, person);
    for (const message of dm ? received(world, person.platform, dm) : []) {
      for (const id of paperIdsIn(message)) if (id in counts) counts[id]! += 1;
    }
    alerts[personKey(person)] = counts;
  }
  return { digests, alerts };
}

/** Every channel got one message per due slot, and every person every matching paper once. */
export function exactlyOnce(world: World): Tally {
  return {
    digests: Object.fromEntries(world.targets.map((t) => [targetKey(t), world.slots.length])),
    alerts: Object.fromEntries(world.people.map((p) => [personKey(p), Object.fromEntries(world.matching.map((id) => [id, 1]))])),
  };
}

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

/** True once the database says every slot is sent and every alert delivered (on `store`, or one opened for the check). */
export async function settled(world: World, store?: Store): Promise<boolean> {
  const using = store ?? world.open();
  try {
    for (const target of world.targets) {
      const claims = await using.claims.since('digest', target.platform, target.channelId, new Date(world.slots[0]!));
      const sent = new Set(claims.filter((c) => c.status === 'sent').map((c) => c.slot));
      if (!world.slots.every((slot) => sent.has(slot))) return false;
    }
    for (const person of world.people) {
      const counts = await using.alerts.counts(person);
      if (counts.pending !== 0 || counts.delivered !== world.matching.length) return false;
    }
    return true;
  } finally {
    if (!store) await using.close();
  }
}
