// The B1–B31 scorecard of a county-year: the rules' `buildScorecard` over inputs aggregated in SQL
// (schools, teacher counts, class sums and list, B16 and B18 counts, the county facts) and B13 / B14 /
// B26 from the funding engine's compliance checks. Each entry's `detail` carries the counts behind it.
//
// Answers are cached in the process by county, year and policy choice, under the county-year's data
// version (src/db/schema/versions.ts): a repeated scorecard of unchanged data costs one small query.

import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Queryable } from '../../db/connection.js';
import { fenToYuan } from '../../rules/funding/index.js';
import { buildScorecard, certificationCountsFromSchools, type ScorecardEntry } from '../../rules/indicators/index.js';
import type { ScorecardIndicatorT, ScorecardT } from '../../schemas/indicators.js';
import { countyYearContext, loadCountyFacts, answerHeader } from './context.js';
import { assessFundingIndicators, type FundingIndicatorId, type FundingIndicators } from './funding-checks.js';
import { assertHasClasses, loadIndicatorInputs } from './inputs.js';
import { deepFreeze } from '../deep-freeze.js';
import { versionedCache } from '../versioned-cache.js';
import { computeAllocation } from './resource-allocation.js';
import { teacherHistoryCounts } from './teacher-history.js';

function entryJson(e: ScorecardEntry, extra: Record<string, unknown> | undefined): ScorecardIndicatorT {
  const out: ScorecardIndicatorT = {
    id: e.id,
    group: e.group,
    text: e.text,
    status: e.status,
    responsibleUnits: e.responsibleUnits,
    rule: e.rule,
    explanation: e.explanation,
  };
  if (e.value !== undefined) out.value = e.value;
  if (e.valueByStage !== undefined) out.valueByStage = { ...e.valueByStage };
  if (e.standard !== undefined) out.standard = e.standard;
  if (e.standardByStage !== undefined) out.standardByStage = { ...e.standardByStage };
  if (e.missing !== undefined) out.missing = e.missing;
  if (e.detail !== undefined || extra !== undefined) out.detail = { ...(e.detail ?? {}), ...(extra ?? {}) };
  return out;
}

function fundingDetail(f: FundingIndicators, id: FundingIndicatorId): Record<string, unknown> {
  const v = f.verdicts[id];
  return {
    schools: v.schools,
    met: v.met,
    notMet: v.notMet,
    notAssessable: v.notAssessable,
    shortfallYuan: fenToYuan(v.shortfallFen),
    source: 'funding compliance (src/rules/funding assessCompliance)',
  };
}

export interface ScorecardOptions {
  policyId?: string | undefined;
}

/** Scorecards kept by county, year and policy choice under the county-year's data version (../versioned-cache.ts). */
const cache = versionedCache<ScorecardT>({ maxEntries: 500, keep: deepFreeze });

/**
 * Sets how many scorecards the process keeps per database (default 500; 0 turns the cache off). Either
 * way every kept answer is dropped. The benchmarks measure the computation with the cache off and the
 * repeated request with it on.
 */
export const configureScorecardCache = (options: { maxEntries: number }): void => cache.configure(options);

/**
 * Scorecards answered from the cache (`hits`) and computed because none was current (`misses`) since the
 * process started; requests that bypass the cache (turned off, inside a transaction) count as neither.
 * Exposed at /metrics as `scorecard_cache_requests_total`.
 */
export const scorecardCacheCounts = (): { hits: number; misses: number } => cache.counts();

/**
 * GET /v1/counties/{countyCode}/years/{year}/scorecard: the kept answer while the county-year's data version
 * and the policy catalog are those it was computed under, else a new one.
 */
export function scorecard(db: Queryable, countyCode: string, year: number, options: ScorecardOptions = {}): Promise<ScorecardT> {
  return cache.get(db, countyCode, year, options.policyId ?? '', async () => ({ value: await computeScorecard(db, countyCode, year, options) }));
}

/** The scorecard computed from the database, without the cache. */
export async function computeScorecard(db: Queryable, countyCode: string, year: number, options: ScorecardOptions = {}): Promise<ScorecardT> {
  const ctx = await countyYearContext(db, countyCode, year, options.policyId);
  const params = ctx.profile.indicators;
  const inputs = await loadIndicatorInputs(db, countyCode, year, { classList: true, policy: params });
  assertHasClasses(inputs, `county ${countyCode}`);
  // in a transaction (one connection) the queries go one after another; on the pool side by side
  const inTx = db instanceof PgTransaction;
  const factsQ = () => loadCountyFacts(db, countyCode, year);
  const historyQ = () => teacherHistoryCounts(db, countyCode, year, params);
  const fundingQ = () => assessFundingIndicators(db, countyCode, year, ctx.profile.funding);
  const [facts, { training, rotation }, funding] = inTx
    ? [await factsQ(), await historyQ(), await fundingQ()]
    : await Promise.all([factsQ(), historyQ(), fundingQ()]);
  const certification = certificationCountsFromSchools(inputs.schools, params);
  const allocation = computeAllocation(inputs.schools, params);
  const card = buildScorecard(
    {
      schools: inputs.schools,
      facts,
      training,
      rotation,
      funding: { B13: funding.computed.B13, B14: funding.computed.B14, B26: funding.computed.B26 },
      resourceAllocation: { primary: allocation.stages.primary, junior: allocation.stages.junior, excluded: allocation.excluded, passes: allocation.passes },
    },
    params,
  );

  const extra: Partial<Record<string, Record<string, unknown>>> = {
    B16: {
      fullTime: training.fullTime,
      completed: training.completed,
      windowFrom: year - (params.training.windowYears - 1),
      windowTo: year,
      hoursPerYear: params.training.hoursPerYear,
    },
    B18: {
      teacherYears: rotation.teacherYears,
      rotated: rotation.rotated,
      eligible: rotation.eligible,
      eligibleByTenure: rotation.eligibleByTenure,
      rotatedBackbone: rotation.rotatedBackbone,
      tenureYears: params.rotation.tenureYears,
    },
    B19: certification.counts ? { ...certification.counts } : { missing: certification.missing },
    B13: fundingDetail(funding, 'B13'),
    B14: fundingDetail(funding, 'B14'),
    B26: fundingDetail(funding, 'B26'),
  };

  const indicators = card.indicators.map((e) => {
    const json = entryJson(e, extra[e.id]);
    const id = e.id as FundingIndicatorId;
    if ((id === 'B13' || id === 'B14' || id === 'B26') && e.status === 'not_assessable') {
      const missing = funding.missing[id];
      json.missing = missing.length > 0 ? missing.map((m) => `funding compliance: ${m}`) : ['funding compliance'];
      json.explanation = `${id}: not assessable, the funding compliance check lacks ${json.missing.join(', ')}`;
    }
    return json;
  });

  return {
    ...answerHeader(ctx),
    indicators,
    resourceAllocation: { ...card.resourceAllocation },
    summary: { ...card.summary },
  };
}

/** CSV of the scorecard: one row per indicator. */
export const SCORECARD_CSV_COLUMNS = [
  'countyCode',
  'year',
  'policyId',
  'id',
  'group',
  'status',
  'value',
  'valuePrimary',
  'valueJunior',
  'standard',
  'standardPrimary',
  'standardJunior',
  'missing',
  'responsibleUnits',
  'text',
  'explanation',
];

export function scorecardCsvRows(answer: ScorecardT): Record<string, unknown>[] {
  return answer.indicators.map((e) => ({
    countyCode: answer.countyCode,
    year: answer.year,
    policyId: answer.policyId,
    id: e.id,
    group: e.group,
    status: e.status,
    value: e.value,
    valuePrimary: e.valueByStage?.primary,
    valueJunior: e.valueByStage?.junior,
    standard: e.standard,
    standardPrimary: e.standardByStage?.primary,
    standardJunior: e.standardByStage?.junior,
    missing: e.missing,
    responsibleUnits: e.responsibleUnits,
    text: e.text,
    explanation: e.explanation,
  }));
}
