/**
 * Delivery turns on PostgreSQL (docs/decisions/0013-postgresql.md): one session-level advisory lock
 * per bot, `(TURN_NAMESPACE, a hash of the bot's identity)`, held on a connection of its own for as
 * long as any delivery work of this process needs it. The connection never goes back to a pool
 * while the lock is held: ending it (a release, a crash, a cut network) frees the lock.
 */
import { createHash } from 'node:crypto';
import type { Client } from 'pg';
import type { DeliveryTurns } from '../../core/ports.js';

/** The turns' half of the two-number advisory key space (0x7064 spells "pd"), apart from ADVISORY_LOCKS. */
export const TURN_NAMESPACE = 0x7064;
/**
 * A wait for the lock gives up after this long and asks again. A waiter whose process moved on
 * (it stopped, or its work no longer needs the turn) ends its connection at once, but the server
 * notices that only when the wait ends: this bounds how long such a wait can sit in the queue.
 */
const WAIT_MS = 1_000;
/** PostgreSQL's lock_not_available, raised when lock_timeout ends a wait. */
const LOCK_NOT_AVAILABLE = '55P03';

/** The lock key of a bot: a collision only makes two bots take turns, which costs speed, not correctness. */
export function turnKey(bot: string): number {
  return createHash('sha256').update(bot).digest().readInt32BE(0);
}

/** One bot's turn in this process: held once `ready` resolves, by `users` pieces of work. */
interface Holding {
  users: number;
  ready: Promise<void>;
  /** The lock is taken. */
  held: boolean;
  /** The connection was lost (or ended) after the lock was taken: the turn is no longer ours. */
  lost: boolean;
  /** Ends the connection: frees the lock, or leaves the wait for it. */
  end(): void;
}

export function createPostgresTurns(connect: () => Promise<Client>): DeliveryTurns {
  const holdings = new Map<string, Holding>();

  function open(bot: string): Holding {
    let client: Client | undefined;
    let ended = false;
    const holding: Holding = {
      users: 0,
      held: false,
      lost: false,
      ready: Promise.resolve(),
      end() {
        ended = true;
        if (holdings.get(bot) === holding) holdings.delete(bot);
        // Not awaited: closing the connection is what frees the lock, and nothing waits on it.
        client?.end().catch(() => undefined);
      },
    };
    holding.ready = (async () => {
      client = await connect();
      const lost = () => {
        holding.lost = true;
        if (holdings.get(bot) === holding) holdings.delete(bot);
      };
      client.on('end', lost);
      client.on('error', lost);
      if (ended) throw new Error('The wait for the delivery turn was left.');
      await client.query(`set lock_timeout = ${WAIT_MS}`);
      for (;;) {
        try {
          await client.query('select pg_advisory_lock($1::int, $2::int)', [TURN_NAMESPACE, turnKey(bot)]);
          holding.held = true;
          return;
        } catch (error) {
          if (ended || (error as { code?: string }).code !== LOCK_NOT_AVAILABLE) throw error;
        }
      }
    })();
    // Whoever joined sees the failure; this only keeps it from being unhandled when all left.
    holding.ready.catch(() => holding.end());
    return holding;
  }

  function leave(holding: Holding): void {
    holding.users -= 1;
    if (holding.users === 0) holding.end();
  }

  /** Joins this process's turn of `bot` (asking for it when nobody here holds it); undefined when `signal` aborted first. */
  async function join(bot: string, signal: AbortSignal): Promise<Holding | undefined> {
    let holding = holdings.get(bot);
    if (!holding) holdings.set(bot, (holding = open(bot)));
    holding.users += 1;
    const taken = holding;
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<'aborted'>((done) => {
      onAbort = () => done('aborted');
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      if ((await Promise.race([taken.ready, aborted])) === 'aborted') {
        leave(taken);
        return undefined;
      }
      return taken;
    } catch (error) {
      leave(taken);
      throw error;
    } finally {
      signal.removeEventListener('abort', onAbort!);
    }
  }

  return {
    async take(bots, signal, work) {
      const held: Holding[] = [];
      try {
        // Always in the same order, so that two processes needing two bots never hold one each.
        for (const bot of [...new Set(bots)].sort()) {
          const holding = await join(bot, signal);
          if (!holding) return { ran: false };
          held.push(holding);
        }
        return { ran: true, value: await work() };
      } finally {
        for (const holding of held) leave(holding);
      }
    },
    holds: (bots) =>
      bots.every((bot) => {
        const holding = holdings.get(bot);
        return holding !== undefined && holding.held && !holding.lost;
      }),
  };
}
