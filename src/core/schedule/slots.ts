/**
 * When a schedule fires. A schedule is a local time, a zone and a set of weekdays (a digest's
 * settings, or a person's daily alert time with every day); a slot is the instant it fires.
 * Everything here is pure: the scheduler passes in the clock's `now`.
 */
import { addDays } from '../calendar-date.js';
import type { Weekday } from '../ports.js';
import { weekdayOf } from '../weekdays.js';
import { localTime, zonedInstant } from './zoned-time.js';

export interface Schedule {
  /** HH:MM local time. */
  readonly time: string;
  /** IANA zone. */
  readonly timezone: string;
  readonly weekdays: readonly Weekday[];
}

/** A whole week of searching finds the next slot of any schedule with at least one weekday. */
const SEARCH_DAYS = 8;

/** The slot on a local date, or undefined when that weekday is not in the schedule. */
export function slotOn(schedule: Schedule, date: string): Date | undefined {
  if (!schedule.weekdays.includes(weekdayOf(date))) return undefined;
  return zonedInstant(date, schedule.time, schedule.timezone);
}

/** Every slot with `from < slot <= to`, oldest first. */
export function slotsBetween(schedule: Schedule, from: Date, to: Date): Date[] {
  if (schedule.weekdays.length === 0 || to <= from) return [];
  // One local day either side: a slot's local date can differ from the UTC date of the bounds.
  const first = addDays(localTime(from, schedule.timezone).date, -1);
  const last = addDays(localTime(to, schedule.timezone).date, 1);
  const slots: Date[] = [];
  for (let date = first; date <= last; date = addDays(date, 1)) {
    const slot = slotOn(schedule, date);
    if (slot && slot > from && slot <= to) slots.push(slot);
  }
  return slots;
}

/** The first slot strictly after `after`; undefined for a schedule with no weekdays. */
export function nextSlot(schedule: Schedule, after: Date): Date | undefined {
  if (schedule.weekdays.length === 0) return undefined;
  const start = localTime(after, schedule.timezone).date;
  for (let i = 0; i <= SEARCH_DAYS; i += 1) {
    const slot = slotOn(schedule, addDays(start, i));
    if (slot && slot > after) return slot;
  }
  return undefined;
}

/** The latest slot at or before `at`. */
export function latestSlot(schedule: Schedule, at: Date): Date | undefined {
  if (schedule.weekdays.length === 0) return undefined;
  const start = localTime(at, schedule.timezone).date;
  for (let i = 0; i <= SEARCH_DAYS; i += 1) {
    const slot = slotOn(schedule, addDays(start, -i));
    if (slot && slot <= at) return slot;
  }
  return undefined;
}

export interface MissedSlots {
  /** Slots to post now, oldest first: within the grace window. */
  readonly due: Date[];
  /** Slots too old to post: to be recorded as skipped. */
  readonly expired: Date[];
}

/**
 * The slots after `since` up to `now`, split by the grace window: a slot younger than `graceMs`
 * is still worth posting, an older one is not. `since` is when the schedule took effect (or the
 * furthest back anyone looks); the scheduler drops the slots that already have a row.
 */
export function missedSlots(schedule: Schedule, input: { readonly since: Date; readonly now: Date; readonly graceMs: number }): MissedSlots {
  const { since, now, graceMs } = input;
  const due: Date[] = [];
  const expired: Date[] = [];
  for (const slot of slotsBetween(schedule, since, now)) {
    (now.getTime() - slot.getTime() <= graceMs ? due : expired).push(slot);
  }
  return { due, expired };
}
