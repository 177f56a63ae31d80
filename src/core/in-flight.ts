/**
 * Work still running when a process is told to stop: replies being written, digests and alerts
 * being sent. `stop()` lets it finish, but only for so long, so a hung request cannot hold a
 * shutdown (or a redeploy) forever; what it cuts short is resumed from its claim on the next start.
 */
import pTimeout from 'p-timeout';

/** How long a chat adapter's stop() lets the answers it is working on finish. */
export const STOP_DRAIN_MS = 5_000;

export interface InFlight {
  /** Follows `work` until it settles; returns it unchanged. */
  track<T>(work: Promise<T>): Promise<T>;
  /** Works not settled yet. */
  readonly size: number;
  /** Waits for everything tracked so far, at most `ms`; false when time ran out first. */
  drain(ms: number): Promise<boolean>;
}

export function createInFlight(): InFlight {
  const running = new Set<Promise<unknown>>();
  return {
    track(work) {
      running.add(work);
      // The caller observes `work` itself; this branch only forgets it, and must not add a rejection of its own.
      void work.finally(() => running.delete(work)).catch(() => undefined);
      return work;
    },
    get size() {
      return running.size;
    },
    drain: (ms) => pTimeout(Promise.allSettled([...running]).then(() => true), { milliseconds: ms, fallback: () => false }),
  };
}
