// Dates of dated policy values. A school year is named by its start year (2024 = 2024–2025) and is
// resolved at one date: the day the school year starts. A value dated on or before that day applies to
// the whole school year; a value dated after it applies from the next school year on.

/** Month and day at which school year Y is resolved: Y-09-01, the start of the autumn term. */
export const SCHOOL_YEAR_START = '09-01';

/** An ISO calendar date, YYYY-MM-DD. */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD (2024-02-29 yes, 2023-02-29 no). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return d <= days;
}

/** The date at which school year `year` is resolved (`2024` → `2024-09-01`). */
export function resolutionDate(year: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${SCHOOL_YEAR_START}`;
}

/** The first school year whose resolution date is on or after `date`: the first year a value dated `date` applies to. */
export function firstSchoolYearFrom(date: IsoDate): number {
  const year = Number(date.slice(0, 4));
  return date <= resolutionDate(year) ? year : year + 1;
}
