// Slots for the benchmarks whose services are not written yet (issue 6 part 2). Each returns a row that
// says so: no number is invented. Whoever lands the indicator and funding services fills these in.
import { notMeasured, type BenchResult } from './results.js';

/**
 * Indicators: resource allocation (B1–B7) for every county and both stages, end to end from the database,
 * against one hand-written SQL aggregate reading the same rows and returning the same per-unit numerators
 * and denominators; and the process's peak memory.
 */
export async function benchIndicators(): Promise<BenchResult> {
  return notMeasured(
    'indicators.resource-allocation',
    'indicators: resource allocation, all counties x both stages',
    '<= 1.5x SQL bound; peak < 512 MB',
    'not yet measured: slot for the indicator service (src/services/indicators/)',
  );
}

/** Funding: entitlements for the whole province, against the SQL bound of reading their inputs. */
export async function benchFundingProvince(): Promise<BenchResult> {
  return notMeasured(
    'funding.province-entitlements',
    'funding: entitlements, whole province',
    '<= 2x SQL bound',
    'not yet measured: slot for the funding service (src/services/funding/)',
  );
}

/** Funding: a frozen run for the largest county, against the SQL bound of reading its inputs. */
export async function benchFundingFrozenRun(): Promise<BenchResult> {
  return notMeasured(
    'funding.frozen-run',
    'funding: frozen run, largest county',
    '<= 2x SQL bound',
    'not yet measured: slot for the funding runs service (src/services/funding/)',
  );
}

/**
 * API: the county scorecard of a 150-school county inside the full province, 50 connections, against a
 * bare route running the hand-written aggregate for that county.
 */
export async function benchApiScorecard(): Promise<BenchResult> {
  return notMeasured(
    'api.scorecard',
    'API: county scorecard (150-school county)',
    '>= 50% of bare aggregate req/s',
    'not yet measured: slot for the scorecard route (src/routes/indicators.ts)',
  );
}
