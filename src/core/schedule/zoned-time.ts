/**
 * Wall-clock time in an IANA zone, from the runtime's own zone database (Intl): which instant a
 * local date and time means, and which local date an instant falls on. No library: the rules are
 * few, and a fake clock can test them exactly.
 */
import type { Weekday } from '../ports.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const WEEKDAY_BY_NAME: Readonly<Record<string, Weekday>> = {
  Mon: 'mon',
  Tue: 'tue',
  Wed: 'wed',
  Thu: 'thu',
  Fri: 'fri',
  Sat: 'sat',
  Sun: 'sun',
};

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** The local calendar date, weekday and wall-clock minutes of an instant in `timeZone`. */
export interface LocalTime {
  /** YYYY-MM-DD. */
  readonly date: string;
  readonly weekday: Weekday;
  /** Minutes since local midnight. */
  readonly minutes: number;
}

export function localTime(instant: Date, timeZone: string): LocalTime {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(instant).map((p) => [p.type, p.value]));
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: WEEKDAY_BY_NAME[parts.weekday ?? ''] ?? 'mon',
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

/** How far the zone's wall clock is ahead of UTC at `instantMs` (whole minutes). */
function offsetMs(instantMs: number, timeZone: string): number {
  const at = Math.floor(instantMs / MINUTE_MS) * MINUTE_MS;
  const local = localTime(new Date(at), timeZone);
  const wall = Date.parse(`${local.date}T00:00:00Z`) + local.minutes * MINUTE_MS;
  return wall - at;
}

/**
 * The instant the wall clock in `timeZone` shows `date` at `time` (HH:MM).
 * - A time that does not exist (the hour skipped when clocks go forward) means the same distance
 *   past the gap: 02:30 on the night Berlin goes from 02:00 to 03:00 is 03:30 local time, so a
 *   digest set for then still comes that morning, as late as the clocks moved.
 * - A time that exists twice (clocks go back) means the first of the two, so it is posted once.
 */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  const wall = Date.parse(`${date}T00:00:00Z`) + (hours * 60 + minutes) * MINUTE_MS;
  // A zone changes offset at most once in two days, so the offsets a day either side cover every case.
  const before = offsetMs(wall - DAY_MS, timeZone);
  const after = offsetMs(wall + DAY_MS, timeZone);
  const candidates = [...new Set([before, after])]
    .map((offset) => wall - offset)
    .filter((instant) => offsetMs(instant, timeZone) + instant === wall)
    .sort((a, b) => a - b);
  return new Date(candidates[0] ?? wall - before);
}

/** `date` plus `days` calendar days (YYYY-MM-DD). */
export function shiftDate(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The weekday of a calendar date. */
export function weekdayOf(date: string): Weekday {
  const names: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
  return names[new Date(`${date}T00:00:00Z`).getUTCDay()]!;
}
