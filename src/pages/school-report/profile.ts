// Who the school is, for the page's heading: its names (school, town, county), its kind and the years in
// which it has classes (the years that have a school page of their own).

import { asc, eq } from 'drizzle-orm';
import type { Queryable } from '../../db/connection.js';
import { classes, counties, schools, towns } from '../../db/schema/index.js';
import { notFound } from '../../services/errors.js';

export interface SchoolProfile {
  schoolCode: string;
  name: string;
  countyCode: string;
  countyName: string;
  townCode: string | null;
  townName: string | null;
  kind: string;
  areaType: string;
  ownership: string;
  boarding: boolean;
  centralSchoolCode: string | null;
}

/** The school with its town and county names; 404 when it does not exist. */
export async function schoolProfile(db: Queryable, schoolCode: string): Promise<SchoolProfile> {
  const [row] = await db
    .select({
      schoolCode: schools.schoolCode,
      name: schools.name,
      countyCode: schools.countyCode,
      countyName: counties.name,
      townCode: schools.townCode,
      townName: towns.name,
      kind: schools.kind,
      areaType: schools.areaType,
      ownership: schools.ownership,
      boarding: schools.boarding,
      centralSchoolCode: schools.centralSchoolCode,
    })
    .from(schools)
    .innerJoin(counties, eq(counties.countyCode, schools.countyCode))
    .leftJoin(towns, eq(towns.townCode, schools.townCode))
    .where(eq(schools.schoolCode, schoolCode))
    .limit(1);
  if (!row) throw notFound(`school ${schoolCode}`);
  return row;
}

/** The years in which the school has at least one class, oldest first. */
export async function schoolYearsWithClasses(db: Queryable, schoolCode: string): Promise<number[]> {
  const rows = await db.selectDistinct({ year: classes.year }).from(classes).where(eq(classes.schoolCode, schoolCode)).orderBy(asc(classes.year));
  return rows.map((r) => r.year);
}
