// Funding (docs/domain.md §7–§8):
// - entitlements of the whole province: the service's `countiesEntitlements` for every county at once (one
//   answer per county, each what GET /v1/counties/{countyCode}/years/{year}/entitlements answers; checked
//   equal to `countyEntitlements` on a sample), against the SQL bound of reading their inputs: one
//   hand-written query returning every school's funding inputs (students per stage as sums of class sizes,
//   boarders, inclusion students, declared money) for the whole province. The county-by-county loop
//   (120 × countyEntitlements, what a client of the API does) is timed once beside it;
// - a frozen run of the largest county: the service's `createRun` (inputs, policy, engine, canonical
//   hashes, the run row with its snapshot, its lines and the audit event, in one transaction), against the
//   same SQL bound for that county. The run is made inside a transaction that is rolled back, so the
//   province keeps no run and no audit event from the benchmark (a run is append-only); the commit itself
//   (one WAL flush) is therefore not in the figure.
import type pg from 'pg';
import type { Database, Db } from '../src/db/connection.js';
import { isDeepStrictEqual } from 'node:util';
import { countiesEntitlements, countyEntitlements } from '../src/services/funding/entitlements.js';
import { createRun } from '../src/services/funding/runs.js';
import { systemContext } from '../src/services/context.js';
import { SYNTHETIC_COUNTY_PATTERN } from '../scripts/province/codes.js';
import { poolOf } from './api-read.js';
import { failed, type BenchResult } from './results.js';
import { medianOf, provinceCounties, round, sampleOf, timed } from './timing.js';

export interface FundingBenchOptions {
  database: Database;
  year: number;
  /** Alternating bound/service rounds; medians kept (default 3; the frozen run takes 2 more). */
  rounds: number;
  log?: (line: string) => void;
}

export interface FundingInputRow {
  county_code: string;
  school_code: string;
  kind: string;
  area_type: string;
  ownership: string;
  boarding: boolean;
  preschool: number;
  primary_students: number;
  junior: number;
  senior: number;
  boarders: number;
  inclusion_students: number;
  allocated_fen: string | null;
  training_fen: string | null;
}

/**
 * The hand-written bound: every school with classes in the year and its funding inputs. For one county the
 * class sums are limited to its schools by an array of their codes (an index scan); for the province one
 * hash aggregate over the year's classes is the fastest form.
 */
export function fundingBoundQuery(year: number, countyCode?: string): pg.QueryConfig {
  const county = countyCode === undefined ? 's.county_code ~ $2' : 's.county_code = $2';
  const classScope =
    countyCode === undefined ? '' : 'AND c.school_code = ANY(ARRAY(SELECT s0.school_code FROM schools s0 WHERE s0.county_code = $2))';
  return {
    text: `
      SELECT s.county_code, s.school_code, s.kind::text AS kind, s.area_type::text AS area_type, s.ownership::text AS ownership, s.boarding,
             cls.preschool, cls.primary_students, cls.junior, cls.senior,
             coalesce(sy.boarders, 0) AS boarders, coalesce(sy.inclusion_students, 0) AS inclusion_students,
             sy.public_funding_allocated_fen::text AS allocated_fen, sy.training_spend_fen::text AS training_fen
        FROM schools s
        JOIN (
          SELECT c.school_code,
                 coalesce(sum(c.students) FILTER (WHERE c.stage = 'preschool'), 0)::int AS preschool,
                 coalesce(sum(c.students) FILTER (WHERE c.stage = 'primary'), 0)::int AS primary_students,
                 coalesce(sum(c.students) FILTER (WHERE c.stage = 'junior'), 0)::int AS junior,
                 coalesce(sum(c.students) FILTER (WHERE c.stage = 'senior'), 0)::int AS senior
            FROM classes c
           WHERE c.year = $1 ${classScope}
           GROUP BY c.school_code
        ) cls ON cls.school_code = s.school_code
        LEFT JOIN school_years sy ON sy.school_code = s.school_code AND sy.year = $1
       WHERE ${county}`,
    values: [year, countyCode ?? SYNTHETIC_COUNTY_PATTERN],
  };
}

export async function runFundingBound(pool: pg.Pool, year: number, countyCode?: string): Promise<FundingInputRow[]> {
  return (await pool.query<FundingInputRow>(fundingBoundQuery(year, countyCode))).rows;
}

const studentsOf = (rows: readonly FundingInputRow[]) =>
  rows.reduce((a, r) => a + r.preschool + r.primary_students + r.junior + r.senior, 0);

const PROVINCE = { id: 'funding.province-entitlements', name: 'funding: entitlements, whole province', target: '<= 2x SQL bound' };

export async function benchFundingProvince(o: FundingBenchOptions): Promise<BenchResult> {
  const log = o.log ?? (() => {});
  try {
    if (o.database.kind !== 'postgres') throw new Error('needs PostgreSQL');
    const pool = poolOf(o.database);
    const codes = (await provinceCounties(pool, o.year)).map((c) => c.countyCode);
    await runFundingBound(pool, o.year, codes[0]);
    await countiesEntitlements(o.database.db, codes.slice(0, 2), o.year, {});

    const boundMs: number[] = [];
    const serviceMs: number[] = [];
    let bound: FundingInputRow[] = [];
    let schools = 0;
    let students = 0;
    let totalYuan = 0;
    for (let r = 1; r <= o.rounds; r++) {
      log(`funding: round ${r}/${o.rounds}: SQL bound of the province's inputs, then the entitlements of ${codes.length} counties`);
      const b = await timed(() => runFundingBound(pool, o.year));
      boundMs.push(b.ms);
      bound = b.value;
      const s = await timed(async () => {
        const answer = await countiesEntitlements(o.database.db, codes, o.year, {});
        let n = 0;
        let pupils = 0;
        let total = 0;
        for (const county of answer.counties) {
          n += county.schools.length;
          total += county.totals.totalYuan;
          for (const line of county.schools) for (const comp of line.components) if (comp.component.startsWith('base_')) pupils += comp.quantity;
        }
        return { n, pupils, total };
      });
      serviceMs.push(s.ms);
      schools = s.value.n;
      students = s.value.pupils;
      totalYuan = s.value.total;
    }
    // what a client of the API does: county after county (timed once), and the same answers (sample)
    const loop = await timed(async () => {
      for (const c of codes) await countyEntitlements(o.database.db, c, o.year, {});
    });
    const checked = sampleOf(codes, 12);
    const batch = await countiesEntitlements(o.database.db, checked, o.year, {});
    const differing: string[] = [];
    for (const [i, c] of checked.entries()) {
      if (!isDeepStrictEqual(batch.counties[i], await countyEntitlements(o.database.db, c, o.year, {}))) differing.push(c);
    }
    const measured = medianOf(serviceMs) / 1000;
    const baseline = medianOf(boundMs) / 1000;
    const ratio = measured / baseline;
    const agree = schools === bound.length && differing.length === 0;
    return {
      id: PROVINCE.id,
      benchmark: PROVINCE.name,
      status: 'measured',
      measured: { value: measured, unit: 's' },
      baseline: { value: baseline, unit: 's' },
      ratio,
      target: PROVINCE.target,
      met: agree && ratio <= 2,
      detail: {
        year: o.year,
        counties: codes.length,
        schools,
        boundSchools: bound.length,
        boundStudents: studentsOf(bound),
        baseComponentStudents: students,
        totalYuan: round(totalYuan, 2),
        rounds: o.rounds,
        serviceRunsS: serviceMs.map((ms) => round(ms / 1000, 3)),
        boundRunsS: boundMs.map((ms) => round(ms / 1000, 3)),
        countyByCountyS: round(loop.ms / 1000, 3),
        check: { counties: checked.length, differingFromCountyEntitlements: differing },
      },
      note:
        `county by county (${codes.length} x countyEntitlements): ${round(loop.ms / 1000, 2)} s` +
        (agree ? '' : `; DISAGREE: ${schools} vs ${bound.length} schools, batch differs for ${differing.join(', ')}`),
    };
  } catch (error) {
    return failed(PROVINCE.id, PROVINCE.name, PROVINCE.target, error);
  }
}

const RUN = { id: 'funding.frozen-run', name: 'funding: frozen run, largest county', target: '<= 2x SQL bound' };

class RolledBack extends Error {}

/** createRun in a transaction rolled back at the end: the province keeps nothing. Returns the run's summary. */
async function frozenRunRolledBack(db: Db, countyCode: string, year: number) {
  let created: Awaited<ReturnType<typeof createRun>> | undefined;
  try {
    await db.transaction(async (tx) => {
      created = await createRun(tx as unknown as Db, countyCode, year, {}, systemContext('bench'));
      throw new RolledBack();
    });
  } catch (error) {
    if (!(error instanceof RolledBack)) throw error;
  }
  if (!created) throw new Error('createRun returned nothing');
  return created;
}

export async function benchFundingFrozenRun(o: FundingBenchOptions): Promise<BenchResult> {
  const log = o.log ?? (() => {});
  try {
    if (o.database.kind !== 'postgres') throw new Error('needs PostgreSQL');
    const pool = poolOf(o.database);
    const counties = await provinceCounties(pool, o.year);
    const largest = counties.reduce((a, c) => (c.schools > a.schools || (c.schools === a.schools && c.countyCode < a.countyCode) ? c : a));
    await runFundingBound(pool, o.year, largest.countyCode);
    await frozenRunRolledBack(o.database.db, largest.countyCode, o.year);

    const rounds = o.rounds + 2;
    const boundMs: number[] = [];
    const serviceMs: number[] = [];
    const hashes = new Set<string>();
    let schools = 0;
    let boundSchools = 0;
    log(`funding: frozen run of ${largest.countyCode} (${largest.schools} schools), ${rounds} rounds`);
    for (let r = 1; r <= rounds; r++) {
      const b = await timed(() => runFundingBound(pool, o.year, largest.countyCode));
      boundMs.push(b.ms);
      boundSchools = b.value.length;
      const s = await timed(() => frozenRunRolledBack(o.database.db, largest.countyCode, o.year));
      serviceMs.push(s.ms);
      schools = s.value.run.schools;
      hashes.add(s.value.run.inputsHash);
    }
    const measured = medianOf(serviceMs) / 1000;
    const baseline = medianOf(boundMs) / 1000;
    const ratio = measured / baseline;
    const agree = schools === boundSchools && hashes.size === 1;
    return {
      id: RUN.id,
      benchmark: RUN.name,
      status: 'measured',
      measured: { value: measured, unit: 's' },
      baseline: { value: baseline, unit: 's' },
      ratio,
      target: RUN.target,
      met: agree && ratio <= 2,
      detail: {
        year: o.year,
        countyCode: largest.countyCode,
        schools,
        boundSchools,
        inputsHashes: [...hashes],
        rounds,
        serviceRunsMs: serviceMs.map((ms) => round(ms)),
        boundRunsMs: boundMs.map((ms) => round(ms)),
        rolledBack: true,
      },
      ...(agree ? {} : { note: `service and bound DISAGREE: ${schools} vs ${boundSchools} schools, ${hashes.size} input hashes` }),
    };
  } catch (error) {
    return failed(RUN.id, RUN.name, RUN.target, error);
  }
}
