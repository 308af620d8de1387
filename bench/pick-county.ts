import { sql } from 'drizzle-orm';
import type { Database } from '../src/db/connection.js';

export interface CountyPick {
  countyCode: string;
  schools: number;
}

/** The county of the synthetic province whose count of schools with classes in `year` is nearest `schools`. */
export async function pickCounty(database: Database, year: number, schools: number): Promise<CountyPick> {
  const { rows } = await database.db.execute<{ county_code: string; n: number }>(sql`
    SELECT s.county_code, count(*)::int AS n
      FROM schools s
     WHERE EXISTS (SELECT 1 FROM classes c WHERE c.school_code = s.school_code AND c.year = ${year})
     GROUP BY s.county_code
     ORDER BY abs(count(*) - ${schools}), s.county_code
     LIMIT 1`);
  const row = rows[0];
  if (!row) throw new Error(`no county has classes in ${year}`);
  return { countyCode: row.county_code, schools: Number(row.n) };
}
