/**
 * Reading and describing the time parts of alerts and digests: HH:MM times, IANA timezones and
 * weekday sets. Every refusal is a UserError that names a value that would work.
 */
import { UserError } from '../errors.js';
import type { Weekday } from '../ports.js';
import { DAY_NAMES, WEEKDAYS, weekdayNamed } from '../weekdays.js';

const TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/;

/** `9:05` → `09:05`; anything outside 00:00–23:59 is refused. */
export function parseTime(input: string): string {
  const match = TIME.exec(input.trim());
  if (!match) {
    throw new UserError(`"${input}" is not a time of day; use HH:MM between 00:00 and 23:59, e.g. 09:00.`);
  }
  return `${match[1]!.padStart(2, '0')}:${match[2]}`;
}

/** Checks the name against the runtime's zone database and returns its canonical spelling. */
export function parseTimezone(input: string): string {
  const name = input.trim();
  try {
    if (name === '') throw new RangeError('empty');
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    throw new UserError(
      `"${input}" is not a timezone name; use an IANA name such as Europe/Berlin, America/New_York or UTC.`,
    );
  }
}

/** Up to `limit` zone names containing `partial`, for autocomplete. */
export function suggestTimezones(partial: string, limit = 25): string[] {
  const needle = partial.trim().toLowerCase().replace(/\s+/g, '_');
  const zones = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];
  const starts = zones.filter((z) => z.toLowerCase().startsWith(needle));
  const contains = zones.filter((z) => !z.toLowerCase().startsWith(needle) && z.toLowerCase().includes(needle));
  return [...starts, ...contains].slice(0, limit);
}

/** `mon-fri`, `mon-sun`, `fri-mon` (wraps), `mon,wed,fri`, or a mix such as `mon-wed,sat`; full names work too. */
export function parseWeekdays(input: string): Weekday[] {
  const refuse = () =>
    new UserError(`"${input}" is not a set of weekdays; use a range such as mon-fri or a list such as mon,wed,fri.`);
  const picked = new Set<Weekday>();
  const parts = input.toLowerCase().split(/[\s,]+/).filter((p) => p !== '');
  if (parts.length === 0) throw refuse();
  for (const part of parts) {
    const ends = part.split('-');
    if (ends.length > 2) throw refuse();
    const from = weekdayIndex(ends[0]!);
    const to = weekdayIndex(ends[ends.length - 1]!);
    if (from === undefined || to === undefined) throw refuse();
    for (let i = from; ; i = (i + 1) % 7) {
      picked.add(WEEKDAYS[i]!);
      if (i === to) break;
    }
  }
  return WEEKDAYS.filter((d) => picked.has(d));
}

function weekdayIndex(word: string): number | undefined {
  const day = weekdayNamed(word);
  return day === undefined ? undefined : WEEKDAYS.indexOf(day);
}

/** `Monday to Friday`, `every day`, `Monday, Wednesday and Friday`. */
export function describeWeekdays(days: readonly Weekday[]): string {
  const sorted = WEEKDAYS.filter((d) => days.includes(d));
  if (sorted.length === 7) return 'every day';
  if (sorted.length === 0) return 'on no day';
  const first = WEEKDAYS.indexOf(sorted[0]!);
  const consecutive = sorted.every((d, i) => WEEKDAYS.indexOf(d) === first + i);
  if (consecutive && sorted.length >= 3) return `${DAY_NAMES[sorted[0]!]} to ${DAY_NAMES[sorted.at(-1)!]}`;
  const names = sorted.map((d) => DAY_NAMES[d]);
  return names.length === 1 ? `on ${names[0]}s` : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
