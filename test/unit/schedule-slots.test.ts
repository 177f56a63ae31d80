import { describe, expect, it } from 'vitest';
import { latestSlot, missedSlots, nextSlot, slotsBetween, type Schedule } from '../../src/core/schedule/slots.js';
import { localTime, zonedInstant } from '../../src/core/schedule/zoned-time.js';

const HOUR = 3_600_000;
const iso = (dates: readonly Date[]) => dates.map((d) => d.toISOString());
const weekdays: Schedule['weekdays'] = ['mon', 'tue', 'wed', 'thu', 'fri'];
const berlin: Schedule = { time: '09:00', timezone: 'Europe/Berlin', weekdays };
const newYork: Schedule = { time: '09:00', timezone: 'America/New_York', weekdays };

describe('zoned instants', () => {
  it('follows Berlin across the spring change: 09:00 is 08:00Z in winter and 07:00Z in summer', () => {
    expect(zonedInstant('2026-03-27', '09:00', 'Europe/Berlin').toISOString()).toBe('2026-03-27T08:00:00.000Z');
    expect(zonedInstant('2026-03-30', '09:00', 'Europe/Berlin').toISOString()).toBe('2026-03-30T07:00:00.000Z');
  });

  it('moves a time in the skipped hour past the gap, and takes the first of a repeated hour (Berlin)', () => {
    // 29 March 2026: 02:00 CET jumps to 03:00 CEST.
    expect(zonedInstant('2026-03-29', '02:30', 'Europe/Berlin').toISOString()).toBe('2026-03-29T01:30:00.000Z');
    // 25 October 2026: 03:00 CEST falls back to 02:00 CET; 02:30 happens at 00:30Z and 01:30Z.
    expect(zonedInstant('2026-10-25', '02:30', 'Europe/Berlin').toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(zonedInstant('2026-10-25', '03:00', 'Europe/Berlin').toISOString()).toBe('2026-10-25T02:00:00.000Z');
  });

  it('does the same for New York, whose clocks change on other dates', () => {
    expect(zonedInstant('2026-03-06', '09:00', 'America/New_York').toISOString()).toBe('2026-03-06T14:00:00.000Z');
    expect(zonedInstant('2026-03-09', '09:00', 'America/New_York').toISOString()).toBe('2026-03-09T13:00:00.000Z');
    expect(zonedInstant('2026-03-08', '02:30', 'America/New_York').toISOString()).toBe('2026-03-08T07:30:00.000Z');
    expect(zonedInstant('2026-11-01', '01:30', 'America/New_York').toISOString()).toBe('2026-11-01T05:30:00.000Z');
  });

  it('handles half-hour offsets and zones ahead of UTC', () => {
    expect(zonedInstant('2026-06-01', '09:00', 'Asia/Kolkata').toISOString()).toBe('2026-06-01T03:30:00.000Z');
    expect(zonedInstant('2026-06-01', '07:00', 'Pacific/Auckland').toISOString()).toBe('2026-05-31T19:00:00.000Z');
  });

  it('reads the local date and weekday of an instant', () => {
    expect(localTime(new Date('2026-05-31T19:00:00Z'), 'Pacific/Auckland')).toEqual({ date: '2026-06-01', weekday: 'mon', minutes: 420 });
    expect(localTime(new Date('2026-06-01T02:00:00Z'), 'America/New_York')).toEqual({ date: '2026-05-31', weekday: 'sun', minutes: 1320 });
  });
});

describe('slots', () => {
  it('skips the weekend in Berlin and keeps the local time across the spring change', () => {
    const slots = slotsBetween(berlin, new Date('2026-03-26T12:00:00Z'), new Date('2026-03-31T12:00:00Z'));
    expect(iso(slots)).toEqual(['2026-03-27T08:00:00.000Z', '2026-03-30T07:00:00.000Z', '2026-03-31T07:00:00.000Z']);
  });

  it('keeps the local time across New York\'s autumn change', () => {
    const slots = slotsBetween(newYork, new Date('2026-10-29T00:00:00Z'), new Date('2026-11-03T00:00:00Z'));
    expect(iso(slots)).toEqual(['2026-10-29T13:00:00.000Z', '2026-10-30T13:00:00.000Z', '2026-11-02T14:00:00.000Z']);
  });

  it('decides the weekday by the local date, not the UTC one', () => {
    const auckland: Schedule = { time: '07:00', timezone: 'Pacific/Auckland', weekdays: ['mon'] };
    // Monday 07:00 in Auckland is Sunday evening UTC.
    expect(iso(slotsBetween(auckland, new Date('2026-05-30T00:00:00Z'), new Date('2026-06-02T00:00:00Z')))).toEqual([
      '2026-05-31T19:00:00.000Z',
    ]);
  });

  it('fires a schedule in the skipped hour once on the night the clocks change', () => {
    const early: Schedule = { time: '02:30', timezone: 'Europe/Berlin', weekdays: ['sat', 'sun', 'mon'] };
    expect(iso(slotsBetween(early, new Date('2026-03-28T00:00:00Z'), new Date('2026-03-31T00:00:00Z')))).toEqual([
      '2026-03-28T01:30:00.000Z',
      '2026-03-29T01:30:00.000Z',
      '2026-03-30T00:30:00.000Z',
    ]);
    const autumn = slotsBetween(early, new Date('2026-10-24T00:00:00Z'), new Date('2026-10-27T00:00:00Z'));
    expect(iso(autumn)).toEqual(['2026-10-24T00:30:00.000Z', '2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z']);
  });

  it('is exclusive of the start and inclusive of the end', () => {
    const at = new Date('2026-06-01T07:00:00Z');
    expect(iso(slotsBetween(berlin, at, new Date(at.getTime() + HOUR)))).toEqual([]);
    expect(iso(slotsBetween(berlin, new Date(at.getTime() - 1), at))).toEqual([at.toISOString()]);
  });

  it('finds the next slot over a weekend and none for a schedule without days', () => {
    const fridayAfter = new Date('2026-06-05T07:00:00Z');
    expect(nextSlot(berlin, fridayAfter)?.toISOString()).toBe('2026-06-08T07:00:00.000Z');
    expect(nextSlot(berlin, new Date('2026-06-05T06:59:59Z'))?.toISOString()).toBe('2026-06-05T07:00:00.000Z');
    expect(nextSlot({ ...berlin, weekdays: [] }, fridayAfter)).toBeUndefined();
  });

  it('finds the latest slot at or before an instant', () => {
    expect(latestSlot(berlin, new Date('2026-06-08T06:00:00Z'))?.toISOString()).toBe('2026-06-05T07:00:00.000Z');
    expect(latestSlot(berlin, new Date('2026-06-08T07:00:00Z'))?.toISOString()).toBe('2026-06-08T07:00:00.000Z');
  });
});

describe('missed slots and the grace window', () => {
  it('posts what is within the window and expires what is older', () => {
    // Down from Thursday evening to Monday 15:00 Berlin (13:00Z).
    const result = missedSlots(berlin, {
      since: new Date('2026-06-04T18:00:00Z'),
      now: new Date('2026-06-08T13:00:00Z'),
      graceMs: 12 * HOUR,
    });
    expect(iso(result.due)).toEqual(['2026-06-08T07:00:00.000Z']);
    expect(iso(result.expired)).toEqual(['2026-06-05T07:00:00.000Z']);
  });

  it('counts a slot exactly at the edge of the window as due', () => {
    const result = missedSlots(berlin, {
      since: new Date('2026-06-07T00:00:00Z'),
      now: new Date('2026-06-08T19:00:00Z'),
      graceMs: 12 * HOUR,
    });
    expect(iso(result.due)).toEqual(['2026-06-08T07:00:00.000Z']);
    const late = missedSlots(berlin, { since: new Date('2026-06-07T00:00:00Z'), now: new Date('2026-06-08T19:00:01Z'), graceMs: 12 * HOUR });
    expect(iso(late.expired)).toEqual(['2026-06-08T07:00:00.000Z']);
  });

  it('with a zero window, expires everything but a slot at this very instant', () => {
    const now = new Date('2026-06-08T07:00:00Z');
    const result = missedSlots(berlin, { since: new Date('2026-06-04T00:00:00Z'), now, graceMs: 0 });
    expect(iso(result.due)).toEqual([now.toISOString()]);
    expect(iso(result.expired)).toEqual(['2026-06-04T07:00:00.000Z', '2026-06-05T07:00:00.000Z']);
  });
});
