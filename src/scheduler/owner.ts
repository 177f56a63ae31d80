/**
 * Who holds a claim: `host:pid:boot`, where boot is random per process start. On the same host a
 * claim whose process is gone (or whose pid now belongs to a new start of Paperboy, as PID 1 in a
 * restarted container) can be taken over at once, without waiting out its lease; a claim from
 * another host is trusted until its lease runs out.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

export function processOwner(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/** True when `owner` names a process on this host that no longer runs (or is not that start any more). */
export function ownerGone(owner: string, self: string = processOwner()): boolean {
  const parsed = parseOwner(owner);
  const me = parseOwner(self);
  if (!parsed || !me || parsed.host !== me.host) return false;
  if (parsed.pid === me.pid) return parsed.boot !== me.boot;
  return !processAlive(parsed.pid);
}

function parseOwner(owner: string): { host: string; pid: number; boot: string } | undefined {
  const match = /^(.*):(\d+):([0-9a-f]+)$/.exec(owner);
  if (!match) return undefined;
  return { host: match[1]!, pid: Number(match[2]), boot: match[3]! };
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else; only ESRCH means gone.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
