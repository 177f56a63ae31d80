import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { addDays } from '../../src/core/calendar-date.js';
import { lastCompleteDay, parseDailyDate, selectDigestDates } from '../../src/core/digest/dates.js';

// Weekdays in June 2026: Mon 1, Fri 5, Sat 6, Sun 7, Mon 8.
const weekdays = ['2026-06-01', '2026-06-02', '2026-06-03', '2026-06-04', '2026-06-05', '2026-06-08'];

describe('lastCompleteDay', () => {
  it('is the UTC day before the slot', () => {
    expect(lastCompleteDay(new Date('2026-06-08T09:00:00Z'))).toBe('2026-06-07');
    expect(lastCompleteDay(new Date('2026-06-08T00:00:00Z'))).toBe('2026-06-07');
    expect(lastCompleteDay(new Date('2026-06-07T23:59:59Z'))).toBe('2026-06-06');
  });

  it('uses the UTC day even when the slot is early morning elsewhere', () => {
    // 09:00 in Tokyo on Mon 8 June is 00:00 UTC on the 8th; 08:00 Tokyo is still Sunday in UTC.
    expect(lastCompleteDay(new Date('2026-06-08T08:00:00+09:00'))).toBe('2026-06-06');
  });

  it('crosses month and year ends', () => {
    expect(lastCompleteDay(new Date('2026-03-01T09:00:00Z'))).toBe('2026-02-28');
    expect(lastCompleteDay(new Date('2027-01-01T09:00:00Z'))).toBe('2026-12-31');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
  });
});

describe('selectDigestDates', () => {
  it("covers only the most recent complete day on a target's first digest", () => {
    expect(selectDigestDates({ available: weekdays, lastComplete: '2026-06-04' })).toEqual(['2026-06-04']);
  });

  it('on a first digest after a weekend, covers the Friday', () => {
    expect(selectDigestDates({ available: weekdays, lastComplete: '2026-06-07' })).toEqual(['2026-06-05']);
  });

  it('never covers the day still in progress', () => {
    expect(selectDigestDates({ available: weekdays, lastComplete: '2026-06-07', coveredUntil: '2026-06-05' })).toEqual(
      [],
    );
  });

  it('catches up every day with papers since the previous digest', () => {
    expect(
      selectDigestDates({ available: weekdays, lastComplete: '2026-06-08', coveredUntil: '2026-06-03' }),
    ).toEqual(['2026-06-04', '2026-06-05', '2026-06-08']);
  });

  it('covers nothing when there is nothing new', () => {
    expect(
      selectDigestDates({ available: weekdays, lastComplete: '2026-06-08', coveredUntil: '2026-06-08' }),
    ).toEqual([]);
    expect(selectDigestDates({ available: [], lastComplete: '2026-06-08' })).toEqual([]);
  });
});

describe('parseDailyDate', () => {
  it('accepts a real calendar date', () => {
    expect(parseDailyDate(' 2026-06-03 ')).toBe('2026-06-03');
  });

  it.each(['2026-6-3', '2026-02-30', 'yesterday', '2026-06-03T00:00'])('rejects %s', (input) => {
    expect(() => parseDailyDate(input)).toThrow(UserError);
    expect(() => parseDailyDate(input)).toThrow(/use YYYY-MM-DD, e\.g\. `2026-06-03`/);
  });
});
