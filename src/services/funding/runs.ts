// Frozen funding runs (docs/domain.md §8): create (one transaction: the run, its lines, an audit event),
// read, list, page or stream the lines (verify and diff: ./run-comparison.ts). Rows are never updated: the database refuses it
// (migrations/0001), and no function here tries.

import { and, asc, count, desc, eq, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../../db/connection.js';
import { counties, fundingRunLines, fundingRuns } from '../../db/schema/index.js';
import {
  ENGINE_VERSION,
  FUNDING_COMPONENTS,
  canonicalHash,
  computeRun,
  fenToYuan,
  type CountyCompliance,
  type FundingTotals,
  type RunSnapshot,
  type SchoolEntitlement,
} from '../../rules/funding/index.js';
import type { CreateRunBodyT, RunDetailT, RunLineT, RunSummaryT } from '../../schemas/funding.js';
import { appendAudit } from '../audit.js';
import type { RequestContext } from '../context.js';
import { pgError } from '../db-errors.js';
import { ServiceError, notFound, unprocessable } from '../errors.js';
import { resolvePolicy, type ResolvedPolicy } from '../policies.js';
import { loadCountyInputs } from './inputs.js';
import { complianceTotalsJson, inputJson, totalsJson, verdictsJson } from './json.js';

export type RunRow = typeof fundingRuns.$inferSelect;

/** What a run stores in `results` (integer fen, exactly what resultsHash covers). */
export interface StoredResults {
  lines: SchoolEntitlement[];
  totals: FundingTotals;
  compliance: CountyCompliance;
}

const LINE_CHUNK = 1000;
const LINE_ARRAY_CHUNK = 10_000;
const IDEMPOTENCY_INDEX = 'funding_runs_idempotency_uq';

/** The columns a new run's insert returns: all but `snapshot` and `results`, in table order. */
const RETURNED = {
  runId: fundingRuns.runId,
  countyCode: fundingRuns.countyCode,
  year: fundingRuns.year,
  policyId: fundingRuns.policyId,
  engineVersion: fundingRuns.engineVersion,
  inputsHash: fundingRuns.inputsHash,
  totalFen: fundingRuns.totalFen,
  resultsHash: fundingRuns.resultsHash,
  requestHash: fundingRuns.requestHash,
  idempotencyKey: fundingRuns.idempotencyKey,
  createdAt: fundingRuns.createdAt,
  createdBy: fundingRuns.createdBy,
};

/** The caller as recorded in `createdBy` and scoped for Idempotency-Key. */
const callerOf = (ctx: RequestContext): string => ctx.keyId ?? 'anonymous';

function summary(row: RunRow): RunSummaryT {
  const results = row.results as StoredResults;
  return {
    runId: row.runId,
    countyCode: row.countyCode,
    year: row.year,
    policyId: row.policyId,
    engineVersion: row.engineVersion,
    inputsHash: row.inputsHash,
    resultsHash: row.resultsHash ?? '',
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    idempotencyKey: row.idempotencyKey,
    schools: results.totals.schools,
    totalYuan: fenToYuan(Number(row.totalFen)),
    trainingMinimumYuan: fenToYuan(results.totals.trainingMinimumFen),
  };
}

async function runByKey(db: Queryable, createdBy: string, key: string): Promise<RunRow | undefined> {
  const [row] = await db
    .select()
    .from(fundingRuns)
    .where(and(eq(fundingRuns.createdBy, createdBy), eq(fundingRuns.idempotencyKey, key)))
    .limit(1);
  return row;
}

function replay(row: RunRow, requestHash: string, key: string): CreatedRun {
  if (row.requestHash !== requestHash) {
    throw new ServiceError(
      409,
      'idempotency-key-reused',
      'Conflict',
      `Idempotency-Key ${key} was already used for run ${row.runId} (county ${row.countyCode}, year ${row.year}, policy ${row.policyId}) with a different request; use a new key`,
      [],
      { runId: row.runId },
    );
  }
  return { run: summary(row), replayed: true };
}

export interface CreatedRun {
  run: RunSummaryT;
  /** True when an Idempotency-Key replay answered the run created earlier. */
  replayed: boolean;
}

/**
 * Freezes a county-year: inputs read in one query, policy resolved (assigned, default, or the body's),
 * engine run, and the run, its lines and an audit event written in one transaction.
 */
export async function createRun(
  db: Db,
  countyCode: string,
  year: number,
  body: CreateRunBodyT,
  ctx: RequestContext,
  idempotencyKey?: string,
): Promise<CreatedRun> {
  const createdBy = callerOf(ctx);
  // The request as the caller made it: a replay must ask for the same thing.
  const requestHash = canonicalHash({ countyCode, year, policyId: body.policyId ?? null });
  if (idempotencyKey !== undefined) {
    const prior = await runByKey(db, createdBy, idempotencyKey);
    if (prior) return replay(prior, requestHash, idempotencyKey);
  }

  const data = await loadCountyInputs(db, countyCode, year);
  let policy: ResolvedPolicy;
  try {
    policy = await resolvePolicy(db, countyCode, year, body.policyId);
  } catch (err) {
    if (err instanceof ServiceError && err.status === 404 && body.policyId !== undefined) {
      throw unprocessable([{ pointer: '/policyId', in: 'body', message: `policy ${body.policyId} does not exist` }], 'the run cannot be created');
    }
    throw err;
  }
  const run = computeRun(policy.profile, data.inputs, ENGINE_VERSION);
  const results: StoredResults = { lines: run.lines, totals: run.totals, compliance: run.compliance };

  try {
    const row = await db.transaction(async (tx) => {
      const [inserted] = await tx
        .insert(fundingRuns)
        .values({
          countyCode,
          year,
          policyId: run.policyId,
          engineVersion: run.engineVersion,
          inputsHash: run.inputsHash,
          resultsHash: run.resultsHash,
          requestHash,
          snapshot: run.snapshot,
          results,
          totalFen: run.totals.totalFen,
          idempotencyKey: idempotencyKey ?? null,
          createdBy,
        })
        // every column but the two documents: they are in hand, and reading back and parsing some
        // hundred KB of JSONB cost more than writing them
        .returning(RETURNED);
      if (!inserted) throw new Error('funding run insert returned no row');
      const lines = run.lines.flatMap((l) =>
        l.components.map((c) => ({
          runId: inserted.runId,
          schoolCode: l.schoolCode,
          component: c.component,
          quantity: c.quantity,
          rateFen: c.rateFen,
          amountFen: c.amountFen,
          rule: c.rule,
          explanation: c.explanation,
        })),
      );
      // One statement with one array per column (unnest), not a VALUES list: drizzle's building of a
      // multi-row VALUES statement cost more than the insert itself.
      for (let i = 0; i < lines.length; i += LINE_ARRAY_CHUNK) {
        const chunk = lines.slice(i, i + LINE_ARRAY_CHUNK);
        const col = <T>(f: (l: (typeof lines)[number]) => T) => sql.param(chunk.map(f));
        await tx.execute(sql`
          INSERT INTO funding_run_lines (run_id, school_code, component, quantity, rate_fen, amount_fen, rule, explanation)
          SELECT ${inserted.runId}::uuid, * FROM unnest(
            ${col((l) => l.schoolCode)}::text[], ${col((l) => l.component)}::text[], ${col((l) => l.quantity)}::int[],
            ${col((l) => l.rateFen)}::bigint[], ${col((l) => l.amountFen)}::bigint[],
            ${col((l) => l.rule)}::text[], ${col((l) => l.explanation)}::text[])`);
      }
      const audited = inserted;
      await appendAudit(tx, ctx, [
        {
          action: 'run',
          entity: 'funding-run',
          entityKey: inserted.runId,
          countyCode,
          before: null,
          after: { ...audited, createdAt: inserted.createdAt.toISOString(), lines: lines.length, policySource: policy.source },
        },
      ]);
      return inserted;
    });
    return { run: summary({ ...row, snapshot: run.snapshot, results }), replayed: false };
  } catch (err) {
    // Two requests with the same key raced: the database let one in; answer the other like a replay.
    const info = pgError(err);
    if (idempotencyKey !== undefined && info?.code === '23505' && (info.constraint === undefined || info.constraint === IDEMPOTENCY_INDEX)) {
      const prior = await runByKey(db, createdBy, idempotencyKey);
      if (prior) return replay(prior, requestHash, idempotencyKey);
    }
    throw err;
  }
}

/** A run by id; 404 when unknown, and `visible` refuses (404) a run of a county the caller may not see. */
export async function runRow(db: Queryable, runId: string, visible: (countyCode: string) => void): Promise<RunRow> {
  const [row] = await db.select().from(fundingRuns).where(eq(fundingRuns.runId, runId)).limit(1);
  if (!row) throw notFound(`funding run ${runId}`);
  visible(row.countyCode);
  return row;
}

export async function getRun(db: Queryable, runId: string, visible: (countyCode: string) => void): Promise<RunDetailT> {
  const row = await runRow(db, runId, visible);
  const results = row.results as StoredResults;
  const snapshot = row.snapshot as RunSnapshot;
  return {
    ...summary(row),
    totals: totalsJson(results.totals),
    compliance: { totals: complianceTotalsJson(results.compliance.totals), verdicts: verdictsJson(results.compliance.verdicts) },
    snapshot: { policy: snapshot.policy, inputs: snapshot.inputs.map(inputJson) },
  };
}

export async function listRuns(
  db: Queryable,
  countyCode: string,
  year: number,
  page: { limit: number; offset: number },
): Promise<{ items: RunSummaryT[]; total: number; limit: number; offset: number }> {
  const [county] = await db.select({ countyCode: counties.countyCode }).from(counties).where(eq(counties.countyCode, countyCode)).limit(1);
  if (!county) throw notFound(`county ${countyCode}`);
  const where = and(eq(fundingRuns.countyCode, countyCode), eq(fundingRuns.year, year));
  const [{ total } = { total: 0 }] = await db.select({ total: count() }).from(fundingRuns).where(where);
  const rows = await db
    .select()
    .from(fundingRuns)
    .where(where)
    .orderBy(desc(fundingRuns.createdAt), asc(fundingRuns.runId))
    .limit(page.limit)
    .offset(page.offset);
  return { items: rows.map(summary), total: Number(total), limit: page.limit, offset: page.offset };
}

// Lines come in school order, then in the engine's component order (not alphabetical).
const COMPONENT_ORDER = sql.raw(`array_position(ARRAY[${FUNDING_COMPONENTS.map((c) => `'${c}'`).join(',')}]::text[], "component")`);

const lineJson = (r: typeof fundingRunLines.$inferSelect): RunLineT => ({
  schoolCode: r.schoolCode,
  component: r.component as RunLineT['component'],
  quantity: r.quantity,
  rateYuan: fenToYuan(Number(r.rateFen)),
  amountYuan: fenToYuan(Number(r.amountFen)),
  rule: r.rule,
  explanation: r.explanation,
});

function linesWhere(runId: string, schoolCode: string | undefined) {
  return and(eq(fundingRunLines.runId, runId), schoolCode !== undefined ? eq(fundingRunLines.schoolCode, schoolCode) : undefined);
}

export async function runLines(
  db: Queryable,
  runId: string,
  query: { limit: number; offset: number; schoolCode?: string | undefined },
  visible: (countyCode: string) => void,
): Promise<{ items: RunLineT[]; total: number; limit: number; offset: number }> {
  await runRow(db, runId, visible);
  const where = linesWhere(runId, query.schoolCode);
  const [{ total } = { total: 0 }] = await db.select({ total: count() }).from(fundingRunLines).where(where);
  const rows = await db
    .select()
    .from(fundingRunLines)
    .where(where)
    .orderBy(asc(fundingRunLines.schoolCode), COMPONENT_ORDER)
    .limit(query.limit)
    .offset(query.offset);
  return { items: rows.map(lineJson), total: Number(total), limit: query.limit, offset: query.offset };
}

/**
 * Every line of a run (optionally one school's), read in chunks so a county of any size streams
 * without holding the run in memory. The run must exist (checked before the first row is sent).
 */
export async function runLinesForCsv(
  db: Queryable,
  runId: string,
  schoolCode: string | undefined,
  visible: (countyCode: string) => void,
): Promise<AsyncGenerator<Record<string, unknown>>> {
  await runRow(db, runId, visible);
  const where = linesWhere(runId, schoolCode);
  async function* rows() {
    for (let offset = 0; ; offset += LINE_CHUNK) {
      const chunk = await db
        .select()
        .from(fundingRunLines)
        .where(where)
        .orderBy(asc(fundingRunLines.schoolCode), COMPONENT_ORDER)
        .limit(LINE_CHUNK)
        .offset(offset);
      for (const r of chunk) yield { runId, ...lineJson(r) };
      if (chunk.length < LINE_CHUNK) return;
    }
  }
  return rows();
}

export const RUN_LINE_CSV_COLUMNS = ['runId', 'schoolCode', 'component', 'quantity', 'rateYuan', 'amountYuan', 'rule', 'explanation'] as const;
