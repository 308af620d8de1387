// Writes a planned province into PostgreSQL with COPY, table by table in FK order, inside one transaction:
// either the whole province is there afterwards or nothing changed (a failure rolls back the optional
// truncation too).

import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { openDatabase } from '../../src/db/connection.js';
import { migrateDatabase } from '../../src/db/migrate.js';
import { syncShippedPolicies } from '../../src/services/policies.js';
import { SYNTHETIC_SCHOOL_PATTERN, SYNTHETIC_STAFF_PATTERN } from './codes.js';
import { assertPostgresUrl, type ProvinceSpec } from './options.js';
import { planProvince, planTotals, type ProvincePlan } from './plan.js';
import {
  COLUMNS,
  TABLE_ORDER,
  classLines,
  countyLine,
  schoolClasses,
  schoolLine,
  schoolYearLine,
  teacherLine,
  teacherYearLine,
  townLines,
  walkStaff,
  type TableName,
} from './rows.js';

export type TableCounts = Record<TableName, number>;

export interface Progress {
  table: TableName;
  /** Rows written so far, all tables. */
  done: number;
  /** Rows expected in all (teachers estimated until they are written). */
  expected: number;
}

export interface GenerateOptions {
  databaseUrl: string;
  spec: ProvinceSpec;
  /** Delete every synthetic county's rows first (in the same transaction). */
  truncate?: boolean;
  /** Apply migrations and sync the shipped policies first (default true). */
  migrate?: boolean;
  onProgress?: (p: Progress) => void;
}

export interface GenerateResult {
  plan: ProvincePlan;
  counts: TableCounts;
  /** Rows deleted by --truncate, per table. */
  deleted: Record<string, number>;
  elapsedMs: number;
  tableMs: TableCounts;
}

export class ProvinceExistsError extends Error {
  override name = 'ProvinceExistsError';
}

/** A county of the plan already holds schools the generator did not make (real data of that county). */
export class ProvinceConflictError extends Error {
  override name = 'ProvinceConflictError';
}

/** Applies the service's migrations and writes the shipped policy profiles. */
export async function prepareDatabase(databaseUrl: string): Promise<void> {
  const database = await openDatabase({ databaseUrl, poolSize: 2 });
  try {
    await migrateDatabase(database);
    await syncShippedPolicies(database.db);
  } finally {
    await database.close();
  }
}

/** Rows of the synthetic province now in the database (per year for the yearly tables); counties are those with its schools. */
export interface ProvinceCounts {
  counties: number;
  schools: number;
  classesByYear: Record<number, number>;
  teacherYearsByYear: Record<number, number>;
}

export async function provinceCounts(client: pg.ClientBase): Promise<ProvinceCounts> {
  const q = async (text: string) => (await client.query<{ year: number | null; n: string }>(text, [SYNTHETIC_SCHOOL_PATTERN])).rows;
  const [counties] = await q('SELECT NULL::int AS year, count(DISTINCT county_code) AS n FROM schools WHERE school_code ~ $1');
  const [schools] = await q('SELECT NULL::int AS year, count(*) AS n FROM schools WHERE school_code ~ $1');
  const byYear = (rows: { year: number | null; n: string }[]) => Object.fromEntries(rows.map((r) => [Number(r.year), Number(r.n)]));
  return {
    counties: Number(counties?.n ?? 0),
    schools: Number(schools?.n ?? 0),
    classesByYear: byYear(
      await q('SELECT year, count(*) AS n FROM classes WHERE school_code ~ $1 GROUP BY year'),
    ),
    teacherYearsByYear: byYear(
      await q('SELECT year, count(*) AS n FROM teacher_years WHERE school_code ~ $1 GROUP BY year'),
    ),
  };
}

/** True when the database holds exactly the counts this spec generates (the seed is not checked). */
export function matchesSpec(counts: ProvinceCounts, spec: ProvinceSpec): boolean {
  const t = spec.targets;
  const years = Object.keys(counts.teacherYearsByYear).map(Number);
  return (
    counts.counties === t.counties &&
    counts.schools === t.schools &&
    years.length === spec.years.length &&
    spec.years.every((y) => counts.classesByYear[y] === t.classes && counts.teacherYearsByYear[y] === t.teachers)
  );
}

/**
 * Deletes the synthetic province: the rows of its schools, its teachers left without a teacher-year, then
 * the towns, facts, policies and counties of its counties once no school is left in them. A county another
 * school still needs, or one an append-only funding run refers to, stays.
 */
async function truncateProvince(client: pg.ClientBase): Promise<Record<string, number>> {
  const school = SYNTHETIC_SCHOOL_PATTERN;
  await client.query(
    `CREATE TEMP TABLE province_truncated ON COMMIT DROP AS SELECT DISTINCT county_code FROM schools WHERE school_code ~ $1`,
    [school],
  );
  const emptied = 'county_code IN (SELECT county_code FROM province_truncated) AND NOT EXISTS (SELECT 1 FROM schools s WHERE s.county_code = t.county_code)';
  const steps: [string, string, string[]][] = [
    ['teacher_years', 'DELETE FROM teacher_years WHERE school_code ~ $1', [school]],
    [
      'teachers',
      'DELETE FROM teachers t WHERE t.staff_code ~ $1 AND NOT EXISTS (SELECT 1 FROM teacher_years y WHERE y.staff_code = t.staff_code)',
      [SYNTHETIC_STAFF_PATTERN],
    ],
    ['classes', 'DELETE FROM classes WHERE school_code ~ $1', [school]],
    ['school_years', 'DELETE FROM school_years WHERE school_code ~ $1', [school]],
    ['schools', 'DELETE FROM schools WHERE school_code ~ $1', [school]],
    ['towns', `DELETE FROM towns t WHERE ${emptied}`, []],
    ['county_facts', `DELETE FROM county_facts t WHERE ${emptied}`, []],
    ['county_year_policies', `DELETE FROM county_year_policies t WHERE ${emptied}`, []],
    ['counties', `DELETE FROM counties t WHERE ${emptied} AND NOT EXISTS (SELECT 1 FROM funding_runs r WHERE r.county_code = t.county_code)`, []],
  ];
  const deleted: Record<string, number> = {};
  for (const [table, text, values] of steps) deleted[table] = (await client.query(text, values)).rowCount ?? 0;
  return deleted;
}

/** Counties of the plan holding schools the generator did not make: their real data is not mixed with made-up schools. */
async function assertNoRealSchools(client: pg.ClientBase, plan: ProvincePlan): Promise<void> {
  const { rows } = await client.query<{ county_code: string; n: string }>(
    'SELECT county_code, count(*) AS n FROM schools WHERE county_code = ANY($1) AND school_code !~ $2 GROUP BY county_code ORDER BY county_code',
    [plan.counties.map((c) => c.countyCode), SYNTHETIC_SCHOOL_PATTERN],
  );
  if (rows.length > 0) {
    const names = new Map(plan.counties.map((c) => [c.countyCode, c.name]));
    const list = rows.map((r) => `${r.county_code} ${names.get(r.county_code)} (${r.n})`).join(', ');
    throw new ProvinceConflictError(`counties of the province already hold schools it did not make: ${list}; generate into a database of its own`);
  }
}

/** Joins lines into chunks of about 256 kB, counting rows for the progress callback. */
function* chunked(lines: Iterable<[string, number]>, onRows: (n: number) => void): Generator<string> {
  let parts: string[] = [];
  let size = 0;
  let rows = 0;
  for (const [text, n] of lines) {
    parts.push(text);
    size += text.length;
    rows += n;
    if (size >= 256 * 1024) {
      yield parts.join('');
      onRows(rows);
      parts = [];
      size = 0;
      rows = 0;
    }
  }
  if (parts.length > 0) {
    yield parts.join('');
    onRows(rows);
  }
}

async function copyInto(client: pg.ClientBase, target: string, table: TableName, source: Generator<string>): Promise<void> {
  const stream = client.query(copyFrom(`COPY ${target} (${COLUMNS[table].join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(source), stream);
}

/** The row sources of each table, as (COPY text, row count) pairs. */
function* tableLines(plan: ProvincePlan, table: TableName, count: (n: number) => void): Generator<[string, number]> {
  const years = plan.spec.years;
  for (const county of plan.counties) {
    switch (table) {
      case 'counties':
        yield [countyLine(county), 1];
        break;
      case 'towns':
        yield [townLines(county), county.towns.length];
        break;
      case 'schools':
        for (const s of county.schools) yield [schoolLine(s), 1];
        break;
      case 'school_years':
        for (const s of county.schools) for (const y of years) yield [schoolYearLine(plan, s, y, schoolClasses(plan, s, y)), 1];
        break;
      case 'classes':
        for (const s of county.schools) {
          for (const y of years) {
            const rows = schoolClasses(plan, s, y);
            yield [classLines(s, y, rows), rows.length];
          }
        }
        break;
      case 'teachers': {
        const lines: string[] = [];
        walkStaff(plan, county, { teacher: (t) => lines.push(teacherLine(t)) });
        count(lines.length);
        yield [lines.join(''), lines.length];
        break;
      }
      case 'teacher_years': {
        const lines: string[] = [];
        walkStaff(plan, county, { teacherYear: (t, p) => lines.push(teacherYearLine(t, p)) });
        yield [lines.join(''), lines.length];
        break;
      }
    }
  }
}

/** Plans the province and writes it. Refuses PGlite; refuses to add to an existing province unless truncating. */
export async function generateProvince(options: GenerateOptions): Promise<GenerateResult> {
  assertPostgresUrl(options.databaseUrl);
  const started = performance.now();
  if (options.migrate !== false) await prepareDatabase(options.databaseUrl);
  const plan = planProvince(options.spec);
  const totals = planTotals(plan);
  const years = options.spec.years.length;
  const counts = Object.fromEntries(TABLE_ORDER.map((t) => [t, 0])) as TableCounts;
  const tableMs = Object.fromEntries(TABLE_ORDER.map((t) => [t, 0])) as TableCounts;
  // teachers: one per post, plus the 6 % a year who replace those who leave
  let expectedTeachers = Math.round(totals.teachers * (1 + 0.06 * (years - 1)));
  const expected = () =>
    totals.counties + totals.towns + totals.schools * (1 + years) + totals.classes * years + expectedTeachers + totals.teachers * years;
  let done = 0;

  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  let deleted: Record<string, number> = {};
  try {
    await client.query('BEGIN');
    if (options.truncate) {
      deleted = await truncateProvince(client);
    } else {
      const present = await client.query<{ n: string }>('SELECT count(*) AS n FROM schools WHERE school_code ~ $1', [SYNTHETIC_SCHOOL_PATTERN]);
      const n = Number(present.rows[0]?.n ?? 0);
      if (n > 0) throw new ProvinceExistsError(`a synthetic province is already present (${n} schools with generated codes, CC44 and a serial from 500000); use --truncate to replace it`);
    }
    await assertNoRealSchools(client, plan);
    // Counties and towns go through staging tables: a county kept by a frozen funding run, or one created
    // through the API with its towns, is updated, not duplicated.
    await client.query('CREATE TEMP TABLE province_counties_stage (LIKE counties INCLUDING DEFAULTS) ON COMMIT DROP');
    await client.query('CREATE TEMP TABLE province_towns_stage (LIKE towns INCLUDING DEFAULTS) ON COMMIT DROP');
    for (const table of TABLE_ORDER) {
      const t0 = performance.now();
      const onRows = (n: number) => {
        counts[table] += n;
        done += n;
        options.onProgress?.({ table, done, expected: expected() });
      };
      let teachersSeen = 0;
      const source = chunked(
        tableLines(plan, table, (n) => {
          teachersSeen += n;
        }),
        onRows,
      );
      const staged = table === 'counties' ? 'province_counties_stage' : table === 'towns' ? 'province_towns_stage' : table;
      await copyInto(client, staged, table, source);
      if (table === 'counties') {
        await client.query(`INSERT INTO counties (county_code, name, city_code, province_code)
          SELECT county_code, name, city_code, province_code FROM province_counties_stage
          ON CONFLICT (county_code) DO UPDATE SET name = excluded.name, city_code = excluded.city_code,
            province_code = excluded.province_code, updated_at = now()`);
      }
      if (table === 'towns') {
        await client.query(`INSERT INTO towns (town_code, county_code, name)
          SELECT town_code, county_code, name FROM province_towns_stage
          ON CONFLICT (town_code) DO UPDATE SET name = excluded.name, updated_at = now()
            WHERE towns.name IS DISTINCT FROM excluded.name`);
      }
      if (table === 'teachers') expectedTeachers = teachersSeen;
      tableMs[table] = performance.now() - t0;
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    await client.end();
    throw error;
  }
  try {
    // fresh statistics for the planner, and the dead rows of a truncation cleared
    const verb = options.truncate ? 'VACUUM (ANALYZE)' : 'ANALYZE';
    await client.query(`${verb} counties, towns, schools, school_years, classes, teachers, teacher_years`);
  } finally {
    await client.end();
  }
  return { plan, counts, deleted, elapsedMs: performance.now() - started, tableMs };
}
