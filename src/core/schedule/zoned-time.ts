/**
 * Wall-clock time in an IANA zone, from the runtime's own zone database (Intl): which instant a
 * local date and time means, and which local date an instant falls on. No library: the rules are
 * few, and a fake clock can test them exactly.
 */
import { DAY_MS, startOfDay } from '../calendar-date.js';
import type { Weekday } from '../ports.js';
import { weekdayNamed } from '../weekdays.js';

const MINUTE_MS = 60_000;

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
    weekday: weekdayNamed(parts.weekday ?? '') ?? 'mon',
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

/** How far the zone's wall clock is ahead of UTC at `instantMs` (whole minutes). */
function offsetMs(instantMs: number, timeZone: string): number {
  const at = Math.floor(instantMs / MINUTE_MS) * MINUTE_MS;
  const local = localTime(new Date(at), timeZone);
  const wall = startOfDay(local.date) + local.minutes * MINUTE_MS;
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
  const wall = startOfDay(date) + (hours * 60 + minutes) * MINUTE_MS;
  // A zone changes offset at most once in two days, so the offsets a day either side cover every case.
  const before = offsetMs(wall - DAY_MS, timeZone);
  const after = offsetMs(wall + DAY_MS, timeZone);
  const candidates = [...new Set([before, after])]
    .map((offset) => wall - offset)
    .filter((instant) => offsetMs(instant, timeZone) + instant === wall)
    .sort((a, b) => a - b);
  return new Date(candidates[0] ?? wall - before);
}
