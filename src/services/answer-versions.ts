// The data versions computed answers are tagged with (src/routes/etag.ts), beside the county-year's own
// (`countyYearDataVersion`): sums of the counters of src/db/schema/versions.ts over what each kind of answer
// reads. Counters only grow, so a sum changes with every committed write to the data it covers; a sum over
// more than an answer reads is still correct (it only changes more often).

import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/connection.js';
import { countyYearDataVersion } from './data-versions.js';

const sumOf = async (db: Queryable, where: ReturnType<typeof sql>): Promise<string> => {
  const { rows } = await db.execute<{ v: string }>(sql`SELECT coalesce(sum(version), 0)::text AS v FROM data_versions WHERE ${where}`);
  return rows[0]?.v ?? '0';
};

/**
 * The version of everything one county holds, whatever the year (the county, its schools, school-years,
 * classes, teacher-years taught there, county facts, policy assignments): what the county's list of years
 * counts. No other county's write and no policy profile changes it.
 */
export const countyDataVersion = (db: Queryable, countyCode: string): Promise<string> => sumOf(db, sql`county_code = ${countyCode}`);

/**
 * The version of every county's data of the years up to `year` and of the policy profiles: a province's
 * or a city's roll-up of that year (each county's county-year version is part of it, and so is a county
 * joining or leaving the region, which is a write to its county row, year 0).
 */
export const yearDataVersion = (db: Queryable, year: number): Promise<string> => sumOf(db, sql`year <= ${year}`);

/** The version of the policy profiles stored in the database (custom ones and the synced files): ('*', 0). */
export const policyProfilesVersion = (db: Queryable): Promise<string> => sumOf(db, sql`county_code = '*' AND year = 0`);

/**
 * A school-year's answers are its county's: the school's county as stored now and that county-year's
 * version, or undefined when the school does not exist. The county is read first; a school moved to
 * another county in between raises the version of the county it left (the schools trigger counts old and
 * new rows), and a tag carries the county too, so a later request never matches a tag of the old county.
 */
export async function schoolYearDataVersion(db: Queryable, schoolCode: string, year: number): Promise<{ countyCode: string; version: string } | undefined> {
  const { rows } = await db.execute<{ county_code: string }>(sql`SELECT county_code FROM schools WHERE school_code = ${schoolCode}`);
  const countyCode = rows[0]?.county_code;
  if (countyCode === undefined) return undefined;
  return { countyCode, version: await countyYearDataVersion(db, countyCode, year) };
}
