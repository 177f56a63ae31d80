/**
 * Which daily dates a digest covers. A day's list keeps growing until the UTC day ends, so only
 * complete days (before the slot's UTC day) are covered; everything after the previous digest is
 * caught up at once, so a weekend or an outage skips nothing.
 */
import { UserError } from '../errors.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** The UTC day before the slot's UTC day (YYYY-MM-DD). */
export function lastCompleteDay(slot: Date): string {
  return addDays(slot.toISOString().slice(0, 10), -1);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * From `available` (ascending dates that have papers): those after `coveredUntil` up to `lastComplete`;
 * with no previous digest, only the most recent complete one.
 */
export function selectDigestDates(input: {
  readonly available: readonly string[];
  readonly lastComplete: string;
  readonly coveredUntil?: string | undefined;
}): string[] {
  const { available, lastComplete, coveredUntil } = input;
  const complete = available.filter((d) => d <= lastComplete);
  if (coveredUntil === undefined) return complete.slice(-1);
  return complete.filter((d) => d > coveredUntil);
}

/** Checks a daily date typed by a person; throws a UserError naming the expected form. */
export function parseDailyDate(input: string): string {
  const date = input.trim();
  if (DATE.test(date) && !Number.isNaN(Date.parse(`${date}T00:00:00Z`)) && addDays(date, 0) === date) return date;
  throw new UserError(`\`${date.slice(0, 40)}\` is not a date; use YYYY-MM-DD, e.g. \`2026-06-03\`.`);
}
