/**
 * Which daily dates a digest covers. A day's list keeps growing until the UTC day ends, so only
 * complete days (before the slot's UTC day) are covered; everything after the previous digest is
 * caught up at once, so a weekend or an outage skips nothing.
 */
import { addDays, isCalendarDate, utcDate } from '../calendar-date.js';
import { UserError } from '../errors.js';

/** The UTC day before the slot's UTC day (YYYY-MM-DD). */
export function lastCompleteDay(slot: Date): string {
  return addDays(utcDate(slot), -1);
}

/** The seven UTC days before the slot's UTC day: what a weekly digest covers. */
export function weekBefore(slot: Date): { readonly from: string; readonly to: string } {
  const to = lastCompleteDay(slot);
  return { from: addDays(to, -6), to };
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
  if (isCalendarDate(date)) return date;
  throw new UserError(`\`${date.slice(0, 40)}\` is not a date; use YYYY-MM-DD, e.g. \`2026-06-03\`.`);
}
