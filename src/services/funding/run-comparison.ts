// Verify (a frozen run against the live data of its county-year) and diff (one frozen run against
// another), over the pure comparison of src/rules/funding/compare.ts. Nothing is written.
//
// Neither answer may claim "nothing changed" when the comparison did not happen. A stored run the engine
// cannot read or recompute is a 409 problem naming what is wrong with it; a failure while reading or
// comparing the live data is a 500 problem (503 when the database is unreachable, through the error
// plugin). Never an answer with an empty drift.

import type { Queryable } from '../../db/connection.js';
import {
  ENGINE_VERSION,
  FundingInputError,
  MoneyError,
  compareSides,
  compareTotals,
  compareWithLive,
  computeFromSnapshot,
  fenToYuan,
  readFrozenRun,
  type ComponentTotalDifference,
  type FrozenRun,
  type FundingRun,
  type LiveComparison,
  type SchoolDifference,
} from '../../rules/funding/index.js';
import type { RunDiffT, VerificationT } from '../../schemas/funding.js';
import { isConnectionError, isStatementTimeout } from '../db-errors.js';
import { ServiceError } from '../errors.js';
import { loadCountyInputs, type CountyYearInputs } from './inputs.js';
import { runRow, type RunRow, type StoredResults } from './runs.js';

const MAX_LISTED_PROBLEMS = 50;

/** 409: the stored run cannot be compared (its snapshot or lines are not what this engine reads). */
function notComparable(runId: string, problems: string[]): ServiceError {
  return new ServiceError(
    409,
    'run-not-comparable',
    'Conflict',
    `funding run ${runId} cannot be recomputed or compared by engine ${ENGINE_VERSION}: ${problems.length} problem(s) with its stored ` +
      `snapshot or lines (first: ${problems[0] ?? 'unknown'}); no verdict is given`,
    [],
    { runId, problems: problems.slice(0, MAX_LISTED_PROBLEMS) },
  );
}

/** 500: the comparison itself failed; the cause is kept for the log, never turned into "no drift". */
function comparisonFailed(what: string, cause: unknown): ServiceError {
  const known = cause instanceof FundingInputError ? `: the engine refuses the live inputs (${cause.problems.slice(0, 3).join('; ')})` : cause instanceof MoneyError ? `: ${cause.message}` : '';
  const error = new ServiceError(
    500,
    'comparison-failed',
    'Internal Server Error',
    `${what} could not be completed${known}, so no verdict is given; the request id identifies the failure in the logs`,
  );
  error.cause = cause;
  return error;
}

/** Database unavailability and timeouts keep their own 503 answers; everything else is a failed comparison. */
async function guarded<T>(what: string, work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof ServiceError || isConnectionError(err) || isStatementTimeout(err)) throw err;
    throw comparisonFailed(what, err);
  }
}

function frozenRunOf(row: RunRow): FrozenRun {
  const stored = row.results as Partial<StoredResults> | null;
  const read = readFrozenRun(row.snapshot, stored?.lines);
  if ('problems' in read) throw notComparable(row.runId, read.problems);
  return read.run;
}

const totalsJson = (byComponent: ComponentTotalDifference[]) =>
  byComponent.map((c) => ({ component: c.component, fromYuan: fenToYuan(c.fromFen), toYuan: fenToYuan(c.toFen), differenceYuan: fenToYuan(c.differenceFen) }));

/**
 * Recomputes a run from its own frozen snapshot with today's engine (reproducible = same inputsHash and
 * resultsHash), then compares the frozen inputs and figures with the live inputs of the county-year now,
 * computed under the run's own policy: drift per school with frozen and live values and money, and totals.
 */
export async function verifyRunById(db: Queryable, runId: string, visible: (countyCode: string) => void): Promise<VerificationT> {
  const row = await runRow(db, runId, visible);
  const frozen = frozenRunOf(row);
  let again: FundingRun;
  try {
    again = computeFromSnapshot(frozen.snapshot, ENGINE_VERSION);
  } catch (err) {
    throw notComparable(row.runId, [`recomputing the snapshot fails: ${err instanceof Error ? err.message : String(err)}`]);
  }
  const what = `verifying funding run ${row.runId} against the live data of county ${row.countyCode} in ${row.year}`;
  const live: CountyYearInputs = await guarded(what, () => loadCountyInputs(db, row.countyCode, row.year, { allowEmpty: true }));
  const comparison: LiveComparison = await guarded(what, () => compareWithLive(frozen, live.inputs));

  const frozenHashes = { inputsHash: row.inputsHash, resultsHash: row.resultsHash ?? '' };
  const differs = [
    again.inputsHash !== frozenHashes.inputsHash ? 'inputsHash' : null,
    again.resultsHash !== frozenHashes.resultsHash ? 'resultsHash' : null,
  ].filter((x) => x !== null);
  const t = comparison.totals;
  return {
    runId: row.runId,
    reproducible: differs.length === 0,
    drift: comparison.drift.map((d) => ({
      schoolCode: d.schoolCode,
      fields: d.fields,
      changes: d.changes,
      frozenTotalYuan: fenToYuan(d.frozenTotalFen),
      liveTotalYuan: fenToYuan(d.liveTotalFen),
      differenceYuan: fenToYuan(d.differenceFen),
    })),
    money: {
      frozenTotalYuan: fenToYuan(t.fromFen),
      liveTotalYuan: fenToYuan(t.toFen),
      differenceYuan: fenToYuan(t.differenceFen),
      byComponent: totalsJson(t.byComponent),
    },
    inputsHash: again.inputsHash,
    resultsHash: again.resultsHash,
    frozenInputsHash: frozenHashes.inputsHash,
    frozenResultsHash: frozenHashes.resultsHash,
    liveInputsHash: comparison.liveInputsHash,
    engineVersion: ENGINE_VERSION,
    runEngineVersion: row.engineVersion,
    ...(differs.length > 0 ? { reason: `recomputing the snapshot with ${ENGINE_VERSION} gives a different ${differs.join(' and ')}` } : {}),
    verifiedAt: new Date().toISOString(),
  };
}

const sideJson = (row: RunRow, frozen: FrozenRun) => ({
  runId: row.runId,
  countyCode: row.countyCode,
  year: row.year,
  policyId: row.policyId,
  engineVersion: row.engineVersion,
  inputsHash: row.inputsHash,
  resultsHash: row.resultsHash ?? '',
  createdAt: row.createdAt.toISOString(),
  schools: frozen.lines.length,
  totalYuan: fenToYuan(Number(row.totalFen)),
});

const yuanOrNull = (fen: number | undefined): number | null => (fen === undefined ? null : fenToYuan(fen));

function schoolJson(d: SchoolDifference): RunDiffT['schools'][number] {
  return {
    schoolCode: d.schoolCode,
    change: d.change,
    inputChanges: d.inputChanges,
    fromTotalYuan: fenToYuan(d.fromTotalFen),
    toTotalYuan: fenToYuan(d.toTotalFen),
    differenceYuan: fenToYuan(d.differenceFen),
    components: d.components.map((c) => ({
      component: c.component,
      fromQuantity: c.from?.quantity ?? null,
      toQuantity: c.to?.quantity ?? null,
      fromRateYuan: yuanOrNull(c.from?.rateFen),
      toRateYuan: yuanOrNull(c.to?.rateFen),
      fromAmountYuan: fenToYuan(c.from?.amountFen ?? 0),
      toAmountYuan: fenToYuan(c.to?.amountFen ?? 0),
      differenceYuan: fenToYuan(c.differenceFen),
    })),
  };
}

/**
 * Compares two frozen runs (any counties, years, policies): the schools added, removed or changed with
 * their input changes and component amounts, the totals, and both runs' hashes, policies and engines.
 * `visible(runId)` refuses (404) a run of a county the caller may not see, like GET of a run.
 */
export async function diffRuns(
  db: Queryable,
  runId: string,
  otherRunId: string,
  visible: (runId: string) => (countyCode: string) => void,
): Promise<RunDiffT> {
  const fromRow = await runRow(db, runId, visible(runId));
  const toRow = await runRow(db, otherRunId, visible(otherRunId));
  const from = frozenRunOf(fromRow);
  const to = frozenRunOf(toRow);
  const { schools, totals } = await guarded(`comparing funding runs ${fromRow.runId} and ${toRow.runId}`, () => ({
    schools: compareSides({ inputs: from.snapshot.inputs, lines: from.lines }, { inputs: to.snapshot.inputs, lines: to.lines }),
    totals: compareTotals(from.lines, to.lines),
  }));
  const fromCodes = new Set(from.snapshot.inputs.map((i) => i.schoolCode));
  const inBoth = to.snapshot.inputs.filter((i) => fromCodes.has(i.schoolCode)).length;
  const changed = schools.filter((s) => s.change === 'changed').length;
  return {
    from: sideJson(fromRow, from),
    to: sideJson(toRow, to),
    sameInputs: fromRow.inputsHash === toRow.inputsHash,
    sameResults: fromRow.resultsHash !== null && fromRow.resultsHash === toRow.resultsHash,
    totals: {
      fromYuan: fenToYuan(totals.fromFen),
      toYuan: fenToYuan(totals.toFen),
      differenceYuan: fenToYuan(totals.differenceFen),
      byComponent: totalsJson(totals.byComponent),
    },
    counts: {
      added: schools.filter((s) => s.change === 'added').length,
      removed: schools.filter((s) => s.change === 'removed').length,
      changed,
      unchanged: inBoth - changed,
    },
    schools: schools.map(schoolJson),
  };
}

export const RUN_DIFF_CSV_COLUMNS = [
  'fromRunId',
  'toRunId',
  'schoolCode',
  'change',
  'inputChanges',
  'component',
  'fromQuantity',
  'toQuantity',
  'fromRateYuan',
  'toRateYuan',
  'fromAmountYuan',
  'toAmountYuan',
  'differenceYuan',
] as const;

const valueText = (v: string | number | boolean | null): string => (v === null ? '—' : String(v));

/**
 * One row per school and component that differ; a school without any component in either run gets one row
 * with an empty component, so no school of the answer is missing from the CSV.
 */
export function runDiffCsvRows(diff: RunDiffT): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (const s of diff.schools) {
    const base = {
      fromRunId: diff.from.runId,
      toRunId: diff.to.runId,
      schoolCode: s.schoolCode,
      change: s.change,
      inputChanges: s.inputChanges.map((c) => `${c.field}: ${valueText(c.from)} → ${valueText(c.to)}`).join('; '),
    };
    if (s.components.length === 0) rows.push({ ...base, fromAmountYuan: 0, toAmountYuan: 0, differenceYuan: s.differenceYuan });
    for (const c of s.components) rows.push({ ...base, ...c });
  }
  return rows;
}
