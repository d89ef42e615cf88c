// Business-day arithmetic in the bank's time zone: weekends and the bank's holidays do not count. Pure:
// the calendar comes in as arguments, so the complaint deadlines can be tested without a database.

export interface BankCalendar {
  /** IANA time zone name, e.g. "Europe/Amsterdam". */
  timeZone: string;
  /** Closed days besides weekends, as local ISO dates (YYYY-MM-DD). */
  holidays: readonly string[];
}

interface LocalParts { y: number; m: number; d: number; h: number; mi: number; s: number; ms: number }

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock time in `timeZone` at `instant`. */
export function localParts(instant: Date, timeZone: string): LocalParts {
  const parts: Record<string, number> = {};
  for (const p of formatterOf(timeZone).formatToParts(instant)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { y: parts.year, m: parts.month, d: parts.day, h: parts.hour, mi: parts.minute, s: parts.second, ms: instant.getUTCMilliseconds() };
}

/** Minutes `timeZone` is ahead of UTC at `instant`. */
function offsetMs(instant: Date, timeZone: string): number {
  const p = localParts(instant, timeZone);
  return Date.UTC(p.y, p.m - 1, p.d, p.h, p.mi, p.s, p.ms) - instant.getTime();
}

/**
 * The instant when the wall clock in `timeZone` shows `p`. A time that the spring change skips is
 * read with the offset before the change (02:30 becomes 03:30); an autumn time that occurs twice is
 * the first of the two.
 */
export function fromLocal(p: LocalParts, timeZone: string): Date {
  const wall = Date.UTC(p.y, p.m - 1, p.d, p.h, p.mi, p.s, p.ms);
  const before = offsetMs(new Date(wall - 36 * 3_600_000), timeZone);
  const after = offsetMs(new Date(wall + 36 * 3_600_000), timeZone);
  // Try the earlier offset first (the first of a repeated hour), then the later one.
  for (const off of before >= after ? [before, after] : [after, before]) {
    const t = new Date(wall - off);
    if (offsetMs(t, timeZone) === off) return t;
  }
  return new Date(wall - before);
}

const isoDate = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);

/** Whether the bank is open on the local date y-m-d. */
export function isBusinessDay(y: number, m: number, d: number, calendar: BankCalendar): boolean {
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !calendar.holidays.includes(isoDate(y, m, d));
}

function nextDay(p: LocalParts): LocalParts {
  const t = new Date(Date.UTC(p.y, p.m - 1, p.d + 1));
  return { ...p, y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

/**
 * `days` business days after `start`, at the same wall-clock time in the bank's time zone. The clock
 * starts when the bank opens: something received on a weekend or holiday counts from the start of the
 * next business day. Received Thursday 18:00 with one day: Friday 18:00; Friday 18:00: Monday 18:00.
 */
export function addBusinessDays(start: Date, days: number, calendar: BankCalendar): Date {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`days must be a whole number of at least 0, got ${days}`);
  let p = localParts(start, calendar.timeZone);
  if (!isBusinessDay(p.y, p.m, p.d, calendar)) {
    do p = nextDay(p); while (!isBusinessDay(p.y, p.m, p.d, calendar));
    p = { ...p, h: 0, mi: 0, s: 0, ms: 0 };
  }
  for (let left = days; left > 0;) {
    p = nextDay(p);
    if (isBusinessDay(p.y, p.m, p.d, calendar)) left -= 1;
  }
  return fromLocal(p, calendar.timeZone);
}
