/**
 * Date-times as the API accepts them: RFC 3339 such as `2024-09-01T08:00:00Z`, `2024-09-01T08:00:00.5+08:00`.
 * Only instants that both JavaScript `Date` and PostgreSQL `timestamptz` (through the driver's ISO text)
 * hold exactly are accepted: no leap second (`23:59:60` has no `Date`), no year 0000, and the instant in
 * UTC within the years 0001–9999 (an offset can push `0001-01-01T00:00:00+01:00` into year 0, which
 * PostgreSQL refuses). The JSON schema `format: "date-time"` uses this check, so such a value is a 400
 * naming its field wherever it appears, never a failure further in.
 */

// RFC 3339, plus what JSON-schema validators commonly take too: a space for the "T", offsets without a colon.
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)$/;

const daysIn = (year: number, month: number): number =>
  month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;

/** Milliseconds since the epoch of a UTC calendar time, for every year (Date.UTC treats 0–99 as 1900–1999). */
function utcMillis(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, ms);
  return d.getTime();
}

const EARLIEST = utcMillis(1, 1, 1, 0, 0, 0, 0);
const LATEST = utcMillis(9999, 12, 31, 23, 59, 59, 999);

/** The instant a date-time names, or undefined when the text is not one the API accepts. */
export function parseDateTime(text: string): Date | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMinutes = 0;
  if (!m[8]) {
    const offsetHour = Number(m[10]);
    const offsetMinute = Number(m[11] ?? 0);
    if (offsetHour > 23 || offsetMinute > 59) return undefined;
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (offsetHour * 60 + offsetMinute);
  }
  const ms = Number((m[7] ?? '').slice(0, 3).padEnd(3, '0'));
  const at = utcMillis(year, month, day, hour, minute, second, ms) - offsetMinutes * 60_000;
  if (at < EARLIEST || at > LATEST) return undefined;
  return new Date(at);
}

export const isDateTime = (text: string): boolean => parseDateTime(text) !== undefined;

export const DATE_TIME_RULE =
  'must be an RFC 3339 date-time such as 2024-09-01T08:00:00Z or 2024-09-01T08:00:00+08:00, a real calendar time ' +
  'in the years 0001–9999 (also in UTC), without a leap second';
