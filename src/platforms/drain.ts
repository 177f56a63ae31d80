/** How an adapter stops: the answers it is working on may finish, for a bounded time. */

/** How long stop() lets replies already being worked on finish. */
export const DRAIN_MS = 5_000;

/** Waits until every promise in `work` has settled, or `ms` have passed. */
export async function drain(work: Iterable<Promise<unknown>>, ms = DRAIN_MS): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((done) => (timer = setTimeout(done, ms)));
  await Promise.race([Promise.allSettled([...work]), deadline]);
  clearTimeout(timer);
}
