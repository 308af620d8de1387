// GET /v1/counties/{countyCode}/years and the checks every comparison makes on the years it is asked for.

import { and, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../../db/connection.js';
import { counties, countyFacts } from '../../db/schema/index.js';
import type { CountyYearsT } from '../../schemas/compare.js';
import { ServiceError, notFound, type Issue } from '../errors.js';
import { loadYearFigures, type YearFigures } from './year-figures.js';

/** The county's name, or 404 when it does not exist. */
export async function countyName(db: Queryable, countyCode: string): Promise<string> {
  const [row] = await db.select({ name: counties.name }).from(counties).where(eq(counties.countyCode, countyCode)).limit(1);
  if (!row) throw notFound(`county ${countyCode}`);
  return row.name;
}

/** Years with county facts recorded, of the given years (all when absent). */
export async function countyFactYears(db: Queryable, countyCode: string, years?: readonly number[]): Promise<Set<number>> {
  const where = years ? and(eq(countyFacts.countyCode, countyCode), inArray(countyFacts.year, [...years])) : eq(countyFacts.countyCode, countyCode);
  const rows = await db.select({ year: countyFacts.year }).from(countyFacts).where(where);
  return new Set(rows.map((r) => r.year));
}

/** Every year holding a record of the county (school-years, classes, teacher-years or county facts), with counts. */
export async function countyYears(db: Queryable, countyCode: string): Promise<CountyYearsT> {
  const name = await countyName(db, countyCode);
  const [figures, facts] = await Promise.all([loadYearFigures(db, { countyCode }), countyFactYears(db, countyCode)]);
  const byYear = new Map(figures.map((f) => [f.year, f]));
  const years = [...new Set([...byYear.keys(), ...facts])].sort((a, b) => a - b);
  return {
    countyCode,
    countyName: name,
    items: years.map((year) => {
      const f = byYear.get(year);
      const students = f
        ? ['preschool', 'primary', 'junior', 'senior'].reduce((a, s) => a + (f.figures[`students.${s}`] ?? 0), 0)
        : 0;
      return {
        year,
        schools: f?.schools ?? 0,
        schoolYears: f?.schoolYears ?? 0,
        classes: f?.classes ?? 0,
        students,
        teacherYears: f?.figures.teacherYears ?? 0,
        countyFacts: facts.has(year),
      };
    }),
  };
}

/**
 * `from` must come before `to`. Each is a valid year on its own (the schema's 400 is for those), so a wrong
 * order is 422, naming both parameters.
 */
export function assertYearOrder(from: number, to: number, strict: boolean): void {
  if (strict ? from < to : from <= to) return;
  const message = strict ? `to (${to}) must be a later year than from (${from})` : `to (${to}) must not be before from (${from})`;
  const errors: Issue[] = [
    { pointer: '/from', in: 'query', message },
    { pointer: '/to', in: 'query', message },
  ];
  throw new ServiceError(422, 'unprocessable', 'Unprocessable Content', `the years are out of order: ${errors.length} problem(s)`, errors);
}

/**
 * Both years of a comparison need classes (students are the sum of class sizes, and every indicator and
 * entitlement is computed from them): a year without is 404, naming each such year and its parameter.
 */
export function assertYearsHaveClasses(what: string, figures: readonly YearFigures[], years: { from: number; to: number }): Map<number, YearFigures> {
  const byYear = new Map(figures.map((f) => [f.year, f]));
  const errors: Issue[] = [];
  for (const side of ['from', 'to'] as const) {
    const year = years[side];
    const f = byYear.get(year);
    if (f && f.classes > 0) continue;
    const record = f && f.schoolYears > 0 ? ' (a school-year record exists, but students are the sum of class sizes)' : '';
    errors.push({ pointer: `/${side}`, in: 'query', message: `${what} has no classes in ${year}${record}` });
  }
  if (errors.length > 0) {
    throw new ServiceError(404, 'not-found', 'Not Found', `no data to compare: ${errors.map((e) => e.message).join('; ')}`, errors);
  }
  return byYear;
}
