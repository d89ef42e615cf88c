// Complaint deadlines count business days in the bank's time zone: weekends and holidays do not count,
// and the wall-clock time survives daylight-saving changes.
import { addBusinessDays, fromLocal, isBusinessDay } from '../src/modules/feedback/business-days';

const AMS = { timeZone: 'Europe/Amsterdam', holidays: [] as string[] };
const at = (iso: string) => new Date(iso);

describe('addBusinessDays', () => {
  it('one day from a Thursday evening lands on the Friday evening, at the same local time', () => {
    // 2026-12-03 is a Thursday; 18:00 CET is 17:00Z.
    expect(addBusinessDays(at('2026-12-03T17:00:00Z'), 1, AMS).toISOString()).toBe('2026-12-04T17:00:00.000Z');
  });

  it('one day from a Friday evening skips the weekend to Monday evening', () => {
    expect(addBusinessDays(at('2026-12-04T17:00:00Z'), 1, AMS).toISOString()).toBe('2026-12-07T17:00:00.000Z');
  });

  it('something received on a Saturday counts from the start of Monday', () => {
    expect(addBusinessDays(at('2026-12-05T09:00:00Z'), 1, AMS).toISOString()).toBe('2026-12-07T23:00:00.000Z');
    expect(addBusinessDays(at('2026-12-05T09:00:00Z'), 0, AMS).toISOString()).toBe('2026-12-06T23:00:00.000Z');
  });

  it('keeps the local time across the spring change (CET to CEST)', () => {
    // Friday 2026-03-27 18:00 CET (17:00Z); the clocks go forward on Sunday 29 March.
    expect(addBusinessDays(at('2026-03-27T17:00:00Z'), 1, AMS).toISOString()).toBe('2026-03-30T16:00:00.000Z');
  });

  it('keeps the local time across the autumn change (CEST to CET)', () => {
    // Friday 2026-10-23 18:00 CEST (16:00Z); the clocks go back on Sunday 25 October.
    expect(addBusinessDays(at('2026-10-23T16:00:00Z'), 1, AMS).toISOString()).toBe('2026-10-26T17:00:00.000Z');
  });

  it('skips a holiday', () => {
    const cal = { timeZone: 'Europe/Amsterdam', holidays: ['2026-12-25'] };
    // Thursday 24 December 10:00 CET; Friday 25 is a holiday.
    expect(addBusinessDays(at('2026-12-24T09:00:00Z'), 1, cal).toISOString()).toBe('2026-12-28T09:00:00.000Z');
    expect(addBusinessDays(at('2026-12-24T09:00:00Z'), 1, AMS).toISOString()).toBe('2026-12-25T09:00:00.000Z');
  });

  it('crosses the year end and New Year\'s Day', () => {
    const cal = { timeZone: 'Europe/Amsterdam', holidays: ['2026-12-25', '2027-01-01'] };
    // Wednesday 30 December 12:00 CET: Thu 31 (1), Fri 1 Jan holiday, Mon 4 (2), Tue 5 (3).
    expect(addBusinessDays(at('2026-12-30T11:00:00Z'), 3, cal).toISOString()).toBe('2027-01-05T11:00:00.000Z');
  });

  it('fifteen business days, the default time to resolve', () => {
    // Tuesday 1 December 09:00 CET → Tuesday 22 December 09:00 CET.
    expect(addBusinessDays(at('2026-12-01T08:00:00Z'), 15, AMS).toISOString()).toBe('2026-12-22T08:00:00.000Z');
  });

  it('counts the days of the bank\'s zone, not of UTC', () => {
    const hk = { timeZone: 'Asia/Hong_Kong', holidays: [] };
    // Thursday 20:00Z is already Friday 04:00 in Hong Kong: one day later is Monday 04:00 there.
    expect(addBusinessDays(at('2026-12-03T20:00:00Z'), 1, hk).toISOString()).toBe('2026-12-06T20:00:00.000Z');
    // In Amsterdam the same instant is Thursday 21:00: one day later is Friday 21:00.
    expect(addBusinessDays(at('2026-12-03T20:00:00Z'), 1, AMS).toISOString()).toBe('2026-12-04T20:00:00.000Z');
  });

  it('refuses a negative or fractional number of days', () => {
    expect(() => addBusinessDays(at('2026-12-03T17:00:00Z'), -1, AMS)).toThrow(RangeError);
    expect(() => addBusinessDays(at('2026-12-03T17:00:00Z'), 1.5, AMS)).toThrow(RangeError);
  });
});

describe('local times', () => {
  it('reads a time skipped in spring with the offset before the change, and a repeated autumn time as the first', () => {
    expect(fromLocal({ y: 2026, m: 3, d: 29, h: 2, mi: 30, s: 0, ms: 0 }, 'Europe/Amsterdam').toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(fromLocal({ y: 2026, m: 10, d: 25, h: 2, mi: 30, s: 0, ms: 0 }, 'Europe/Amsterdam').toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('weekends and holidays are not business days', () => {
    const cal = { timeZone: 'Europe/Amsterdam', holidays: ['2026-12-25'] };
    expect([5, 6, 7].map((d) => isBusinessDay(2026, 12, d, cal))).toEqual([false, false, true]);
    expect(isBusinessDay(2026, 12, 25, cal)).toBe(false);
    expect(isBusinessDay(2026, 12, 24, cal)).toBe(true);
  });
});
