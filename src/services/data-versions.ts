import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/connection.js';

/**
 * The version of the data behind a county-year's answers, as src/db/schema/versions.ts defines it: the sum
 * of the county's counters of years 0…Y (year 0: the county and its schools), of every county's counters
 * of the years 1…Y−1 (the B16 / B18 windows follow a teacher into the records of any county, and a
 * teacher-year raises only its own county's counter) and of ('*', 0), the policy profiles. Counters only
 * grow, so the sum changes with every committed write that touches any of them. Answer caches keep an
 * answer under the version read before its data.
 */
export async function countyYearDataVersion(db: Queryable, countyCode: string, year: number): Promise<string> {
  const { rows } = await db.execute<{ v: string }>(sql`
    SELECT coalesce(sum(version), 0)::text AS v
      FROM data_versions
     WHERE (county_code = ${countyCode} AND year <= ${year}) OR (year BETWEEN 1 AND ${year - 1}) OR county_code = '*'`);
  return rows[0]?.v ?? '0';
}
