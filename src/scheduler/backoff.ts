/**
 * Waits between tries of a delivery that failed for a reason that may pass (Hugging Face down, a
 * platform's 5xx or 429 after its own retries): 1, 2, 4, 8, 16 minutes, then every 30. The
 * scheduler's minute tick picks a claim up once its wait is over.
 */
const BASE_MS = 60_000;
const MAX_MS = 30 * 60_000;

export function deliveryBackoffMs(attempt: number): number {
  return Math.min(MAX_MS, BASE_MS * 2 ** Math.max(0, attempt - 1));
}
