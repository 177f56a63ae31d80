/**
 * Calendar dates as `YYYY-MM-DD` strings, counted in UTC days: Hugging Face's daily dates, the days
 * a digest covers, ingest ranges and the local dates of a schedule. Such strings sort in date order,
 * which is why dates stay strings here rather than Date objects.
 */
export const DAY_MS = 86_400_000;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Midnight UTC at the start of `date`, in epoch milliseconds (NaN when it is no date). */
export function startOfDay(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

/** The UTC calendar date of an instant. */
export function utcDate(instant: Date | number): string {
  return new Date(instant).toISOString().slice(0, 10);
}

/** `date` plus `days` calendar days (negative goes back). */
export function addDays(date: string, days: number): string {
  return utcDate(startOfDay(date) + days * DAY_MS);
}

/** Whole days from `from` to `to`: 0 for the same day, negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((startOfDay(to) - startOfDay(from)) / DAY_MS);
}

/** True for a date that exists, written `YYYY-MM-DD` (`2026-02-30` is not one). */
export function isCalendarDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const time = startOfDay(value);
  return !Number.isNaN(time) && utcDate(time) === value;
}
