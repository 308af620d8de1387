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
import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { Database, Db } from '../src/db/connection.js';
import { isDeepStrictEqual } from 'node:util';
import { canonicalHash, canonicalJson, computeRun, ENGINE_VERSION } from '../src/rules/funding/index.js';
import { loadCountyInputs } from '../src/services/funding/inputs.js';
import { resolvePolicy } from '../src/services/policies.js';
import { countiesEntitlements, countyEntitlements } from '../src/services/funding/entitlements.js';
import { createRun } from '../src/services/funding/runs.js';
import { systemContext } from '../src/services/context.js';
import { SYNTHETIC_COUNTY_PATTERN } from '../scripts/province/codes.js';
import { poolOf } from './api-read.js';
import { failed, roundFigures, spreadOf, type BenchResult } from './results.js';
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
    const provinceRounds = roundFigures(serviceMs, boundMs, (x) => x <= 2);
    return {
      id: PROVINCE.id,
      benchmark: PROVINCE.name,
      status: 'measured',
      measured: { value: measured, unit: 's' },
      baseline: { value: baseline, unit: 's' },
      ratio,
      target: PROVINCE.target,
      met: agree && provinceRounds.everyRoundMet,
      rounds: provinceRounds,
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

const RUN = { id: 'funding.frozen-run', name: 'funding: frozen run, largest county', target: '<= 2x SQL bound (reads and writes)' };

/** What a run of the county writes, computed once before any clock starts (the engine's part is not the bound's). */
export interface RunDocuments {
  policyId: string;
  snapshot: unknown;
  results: unknown;
  totalFen: number;
  lines: { schoolCode: string; component: string; quantity: number; rateFen: number; amountFen: number; rule: string; explanation: string }[];
}

export async function runDocuments(db: Db, countyCode: string, year: number): Promise<RunDocuments> {
  const data = await loadCountyInputs(db, countyCode, year);
  const policy = await resolvePolicy(db, countyCode, year);
  const run = computeRun(policy.profile, data.inputs, ENGINE_VERSION);
  return {
    policyId: run.policyId,
    snapshot: run.snapshot,
    results: { lines: run.lines, totals: run.totals, compliance: run.compliance },
    totalFen: run.totals.totalFen,
    lines: run.lines.flatMap((l) => l.components.map((c) => ({ schoolCode: l.schoolCode, component: c.component, quantity: c.quantity, rateFen: c.rateFen, amountFen: c.amountFen, rule: c.rule, explanation: c.explanation }))),
  };
}

/**
 * The bound of a frozen run: what a run must do, by hand, in one transaction rolled back as the service's
 * is: read the county's inputs (the SQL bound), serialize the two documents (JSON.stringify) and hash them
 * (sha256), write the run row with both, its lines (one statement of arrays) and its audit event. The
 * documents and lines are the service's own, computed before the clock starts: the bound writes exactly
 * what a run writes, and leaves out only the engine and the canonical ordering of keys.
 */
export async function frozenRunBound(pool: pg.Pool, countyCode: string, year: number, docs: RunDocuments) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const inputs = (await client.query<FundingInputRow>(fundingBoundQuery(year, countyCode))).rows;
    const snapshot = JSON.stringify(docs.snapshot);
    const results = JSON.stringify(docs.results);
    const sha = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
    const inputsHash = sha(snapshot);
    const run = await client.query<{ run_id: string; created_at: Date }>(
      `INSERT INTO funding_runs (county_code, year, policy_id, engine_version, inputs_hash, results_hash, request_hash, snapshot, results, total_fen, created_by)
       VALUES ($1, $2, $3, 'bound', $4, $5, $4, $6::jsonb, $7::jsonb, $8, 'bench') RETURNING run_id, created_at`,
      [countyCode, year, docs.policyId, inputsHash, sha(results), snapshot, results, docs.totalFen],
    );
    const runId = run.rows[0]?.run_id;
    const l = docs.lines;
    await client.query(
      `INSERT INTO funding_run_lines (run_id, school_code, component, quantity, rate_fen, amount_fen, rule, explanation)
       SELECT $1::uuid, * FROM unnest($2::text[], $3::text[], $4::int[], $5::bigint[], $6::bigint[], $7::text[], $8::text[])`,
      [runId, l.map((x) => x.schoolCode), l.map((x) => x.component), l.map((x) => x.quantity), l.map((x) => x.rateFen), l.map((x) => x.amountFen), l.map((x) => x.rule), l.map((x) => x.explanation)],
    );
    await client.query(
      `INSERT INTO audit_events (action, entity, entity_key, county_code, after) VALUES ('run', 'funding-run', $1, $2, $3::jsonb)`,
      [runId, countyCode, JSON.stringify({ runId, countyCode, year, policyId: docs.policyId, inputsHash, lines: l.length, createdAt: run.rows[0]?.created_at })],
    );
    await client.query('ROLLBACK');
    return { schools: inputs.length, lines: l.length, documentBytes: snapshot.length + results.length };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Canonical JSON and sha256 of a county's run, as `computeRun` makes them: the snapshot (inputs and policy)
 * and the results (lines, totals, compliance). Milliseconds per call: wall clock best and median of `n`, and
 * the median CPU time (user + system) of the process, which a busy machine inflates less.
 */
async function hashingMs(db: Db, countyCode: string, year: number, n = 20) {
  const data = await loadCountyInputs(db, countyCode, year);
  const policy = await resolvePolicy(db, countyCode, year);
  const run = computeRun(policy.profile, data.inputs, ENGINE_VERSION);
  // one call before the clock: the first walk of the documents pays for V8's compilation of the writer
  canonicalJson(run.snapshot);
  const times: number[] = [];
  const cpu: number[] = [];
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const a = canonicalJson({ inputs: run.snapshot.inputs, policy: run.snapshot.policy });
    const b = canonicalJson({ lines: run.lines, totals: run.totals, compliance: run.compliance });
    createHash('sha256').update(a, 'utf8').digest('hex');
    createHash('sha256').update(b, 'utf8').digest('hex');
    times.push(performance.now() - t0);
    const used = process.cpuUsage(c0);
    cpu.push((used.user + used.system) / 1000);
    bytes = a.length + b.length;
  }
  const same = canonicalHash({ inputs: run.snapshot.inputs, policy: run.snapshot.policy }) === run.inputsHash;
  return { bestMs: round(Math.min(...times), 2), medianMs: round(medianOf(times), 2), cpuMedianMs: round(medianOf(cpu), 2), bytes, schools: data.inputs.length, sameAsRun: same };
}

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

const CANON = {
  id: 'funding.canonical-hash',
  name: 'funding: canonical JSON + sha256 of a run, largest county',
  target: '< 5 ms (median of 20 calls, every round)',
};
const CANON_MAX_MS = 5;

/** The frozen run against its bound, and the canonical JSON and hashing of its two documents on their own. */
export async function benchFundingFrozenRun(o: FundingBenchOptions): Promise<BenchResult[]> {
  const log = o.log ?? (() => {});
  try {
    if (o.database.kind !== 'postgres') throw new Error('needs PostgreSQL');
    const pool = poolOf(o.database);
    const counties = await provinceCounties(pool, o.year);
    const largest = counties.reduce((a, c) => (c.schools > a.schools || (c.schools === a.schools && c.countyCode < a.countyCode) ? c : a));
    const docs = await runDocuments(o.database.db, largest.countyCode, o.year);
    await frozenRunBound(pool, largest.countyCode, o.year, docs);
    await frozenRunRolledBack(o.database.db, largest.countyCode, o.year);

    const rounds = o.rounds + 2;
    const hashings: Awaited<ReturnType<typeof hashingMs>>[] = [];
    const boundMs: number[] = [];
    const serviceMs: number[] = [];
    const hashes = new Set<string>();
    let schools = 0;
    let boundSchools = 0;
    let boundLines = 0;
    let documentBytes = 0;
    log(`funding: frozen run of ${largest.countyCode} (${largest.schools} schools), ${rounds} rounds`);
    for (let r = 1; r <= rounds; r++) {
      const b = await timed(() => frozenRunBound(pool, largest.countyCode, o.year, docs));
      boundMs.push(b.ms);
      boundSchools = b.value.schools;
      boundLines = b.value.lines;
      documentBytes = b.value.documentBytes;
      const s = await timed(() => frozenRunRolledBack(o.database.db, largest.countyCode, o.year));
      serviceMs.push(s.ms);
      schools = s.value.run.schools;
      hashes.add(s.value.run.inputsHash);
      hashings.push(await hashingMs(o.database.db, largest.countyCode, o.year));
    }
    const hashing = hashings[hashings.length - 1] as (typeof hashings)[number];
    const hashMedians = hashings.map((h) => h.medianMs);
    const hashSpread = spreadOf(hashMedians);
    const measured = medianOf(serviceMs) / 1000;
    const baseline = medianOf(boundMs) / 1000;
    const ratio = measured / baseline;
    const agree = schools === boundSchools && hashes.size === 1;
    const frozenRounds = roundFigures(serviceMs, boundMs, (x) => x <= 2);
    const frozen: BenchResult = {
      id: RUN.id,
      benchmark: RUN.name,
      status: 'measured',
      measured: { value: measured, unit: 's' },
      baseline: { value: baseline, unit: 's' },
      ratio,
      target: RUN.target,
      met: agree && frozenRounds.everyRoundMet,
      rounds: frozenRounds,
      detail: {
        year: o.year,
        countyCode: largest.countyCode,
        lines: boundLines,
        documentBytes,
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
    const canonical: BenchResult = {
      id: CANON.id,
      benchmark: CANON.name,
      status: 'measured',
      measured: { value: hashSpread.median, unit: 'ms' },
      baseline: null,
      ratio: null,
      target: CANON.target,
      met: hashings.every((h) => h.sameAsRun) && hashMedians.every((ms) => ms < CANON_MAX_MS),
      detail: {
        countyCode: largest.countyCode,
        schools: hashing.schools,
        documentBytes: hashing.bytes,
        roundsMedianMs: hashMedians,
        roundsBestMs: hashings.map((h) => h.bestMs),
        roundsCpuMedianMs: hashings.map((h) => h.cpuMedianMs),
        sameHashAsRun: hashings.every((h) => h.sameAsRun),
      },
      note:
        `${hashing.schools} schools, ${Math.round(hashing.bytes / 1024)} KB of canonical JSON: rounds' medians ${hashMedians.join(' / ')} ms wall ` +
        `(min ${hashSpread.min}, max ${hashSpread.max}), CPU medians ${hashings.map((h) => h.cpuMedianMs).join(' / ')} ms`,
    };
    return [frozen, canonical];
  } catch (error) {
    return [failed(RUN.id, RUN.name, RUN.target, error), failed(CANON.id, CANON.name, CANON.target, error)];
  }
}
