/**
 * The days of the week, once: the order schedules are written, shown and stored in (Monday
 * first), their names, and the weekday of a calendar date.
 */
import { startOfDay } from './calendar-date.js';
import type { Weekday } from './ports.js';

/** Every day of the week, Monday first. */
export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** Monday to Friday: when a digest comes unless the channel says otherwise. */
export const WORKING_DAYS: readonly Weekday[] = WEEKDAYS.slice(0, 5);

export const DAY_NAMES: Readonly<Record<Weekday, string>> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

/** The weekday a word names, in any case: `mon`, `Mon` (as Intl writes it), `monday`. */
export function weekdayNamed(word: string): Weekday | undefined {
  const lower = word.toLowerCase();
  return WEEKDAYS.find((day) => lower === day || lower === DAY_NAMES[day].toLowerCase());
}

/** The weekday of a calendar date (YYYY-MM-DD). */
export function weekdayOf(date: string): Weekday {
  // getUTCDay counts from Sunday; WEEKDAYS from Monday.
  return WEEKDAYS[(new Date(startOfDay(date)).getUTCDay() + 6) % 7]!;
}
