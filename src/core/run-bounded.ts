/**
 * Work side by side, a bounded number at a time: deliveries, and the lists an ingest fetches.
 *
 * Deliveries: one send waits a network round trip, and a platform's limits allow many sends per
 * round trip (Discord: 50 requests a second), so sending one at a time leaves most of the allowance
 * unused. Each delivery keeps its own claim → send → complete steps (claims are rows, see
 * docs/decisions/0007-exactly-once.md), so running several at once changes nothing about exactly-once;
 * the platform adapter keeps its rate limits whatever the number in flight.
 */
import pMap from 'p-map';

/** Deliveries in flight at once: enough to keep Discord's 50 requests a second busy at a 300 ms round trip. */
export const DELIVERY_CONCURRENCY = 16;

export interface BoundedOptions {
  readonly concurrency?: number | undefined;
  /** Checked before each item starts: true stops starting new ones (those in flight finish). */
  readonly stopping?: (() => boolean) | undefined;
}

/**
 * Runs `work` on each item, at most `concurrency` at once, starting them in order. After a failure no
 * further item starts; those in flight are awaited (a send is never left running unobserved), then
 * the first failure is thrown.
 */
export async function runBounded<T>(items: Iterable<T>, options: BoundedOptions, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let failure: { readonly error: unknown } | undefined;
  await pMap(
    items,
    async (item, index) => {
      if (failure || options.stopping?.()) return;
      try {
        await work(item, index);
      } catch (error) {
        failure ??= { error };
      }
    },
    { concurrency: Math.max(1, options.concurrency ?? DELIVERY_CONCURRENCY) },
  );
  if (failure) throw failure.error;
}
