import { asc, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../db/connection.js';
import { counties, schools, schoolYears } from '../db/schema/index.js';
import type { Counties } from './visibility.js';

export interface CountyWithYears {
  countyCode: string;
  name: string;
  /** School years holding school-year records, oldest first. */
  years: number[];
}

/** The counties a key may see, each with the years that hold school data: what the landing page links to. */
export async function countiesWithYears(db: Queryable, visible: Counties): Promise<CountyWithYears[]> {
  if (visible !== '*' && visible.size === 0) return [];
  const where = visible === '*' ? undefined : inArray(counties.countyCode, [...visible]);
  const [rows, years] = await Promise.all([
    db.select({ countyCode: counties.countyCode, name: counties.name }).from(counties).where(where).orderBy(asc(counties.countyCode)),
    db
      .selectDistinct({ countyCode: schools.countyCode, year: schoolYears.year })
      .from(schoolYears)
      .innerJoin(schools, eq(schools.schoolCode, schoolYears.schoolCode))
      .where(visible === '*' ? undefined : inArray(schools.countyCode, [...visible])),
  ]);
  const byCounty = new Map<string, number[]>();
  for (const y of years) byCounty.set(y.countyCode, [...(byCounty.get(y.countyCode) ?? []), y.year]);
  return rows.map((r) => ({ ...r, years: (byCounty.get(r.countyCode) ?? []).sort((a, b) => a - b) }));
}

/** One county's name and years, or undefined when it does not exist. */
export async function countyWithYears(db: Queryable, countyCode: string): Promise<CountyWithYears | undefined> {
  const [row] = await countiesWithYears(db, new Set([countyCode]));
  return row;
}

