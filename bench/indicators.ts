// Indicators: resource allocation (B1–B7, docs/domain.md §2–§4) for every county of the province and both stages,
// end to end from the database: the service's `eachResourceAllocation` for the whole province in one pass
// (one answer per county, handed over one by one and dropped after counting its units, each exactly what GET /v1/counties/{countyCode}/years/{year}/resource-allocation
// returns before serialization, and checked equal to `resourceAllocation` on a sample; the county-by-county
// loop a client of the API would run is timed once beside it), against
// the lower bound of one hand-written SQL aggregate over the whole province that reads the same rows and
// returns the same per-unit numerators and denominators (bench/indicator-bound.ts). Also the peak memory
// of the process while the service runs, and a check that service and bound agree on a sample of counties.
import type { Database } from '../src/db/connection.js';
import type { IndicatorParams } from '../src/rules/policies/indicator-params.js';
import { isDeepStrictEqual } from 'node:util';
import { eachResourceAllocation, resourceAllocation, resourceAllocations } from '../src/services/indicators/resource-allocation.js';
import { resolvePolicy } from '../src/services/policies.js';
import { poolOf } from './api-read.js';
import { compareWithBound, runIndicatorBound, type ServiceUnit } from './indicator-bound.js';
import { failed, roundFigures, type BenchResult } from './results.js';
import { medianOf, provinceCounties, round, sampleOf, timed, withPeakRss } from './timing.js';

const ID = 'indicators.resource-allocation';
const NAME = 'indicators: resource allocation, all counties x both stages';
const TARGET = '<= 1.5x SQL bound; peak < 512 MB';
const MAX_RATIO = 1.5;
const MAX_PEAK_MB = 512;

export interface IndicatorBenchOptions {
  database: Database;
  year: number;
  /** Alternating bound/service rounds; medians kept (default 3). */
  rounds: number;
  /** Counties whose units are compared with the bound, one by one (default 12). */
  checkCounties?: number;
  log?: (line: string) => void;
}

/** The indicator policy of the counties (the bound takes one): refused when they differ. */
export async function commonIndicatorPolicy(database: Database, counties: readonly string[], year: number): Promise<{ id: string; params: IndicatorParams }> {
  const ids = new Map<string, IndicatorParams>();
  for (const c of counties) {
    const p = await resolvePolicy(database.db, c, year);
    ids.set(p.profile.id, p.profile.indicators);
  }
  if (ids.size !== 1) throw new Error(`the counties use ${ids.size} policies (${[...ids.keys()].join(', ')}); the bound needs one`);
  const [[id, params]] = [...ids] as [[string, IndicatorParams]];
  return { id, params };
}

export async function benchIndicators(o: IndicatorBenchOptions): Promise<BenchResult> {
  const log = o.log ?? (() => {});
  try {
    if (o.database.kind !== 'postgres') throw new Error('needs PostgreSQL');
    const pool = poolOf(o.database);
    const counties = await provinceCounties(pool, o.year);
    const codes = counties.map((c) => c.countyCode);
    const policy = await commonIndicatorPolicy(o.database, codes, o.year);

    // warm-up: two counties each way (plans, JIT of the rules)
    await runIndicatorBound(pool, policy.params, o.year, codes[0]);
    await resourceAllocations(o.database.db, codes.slice(0, 2), o.year);

    const boundMs: number[] = [];
    const serviceMs: number[] = [];
    let units = 0;
    let boundUnits = 0;
    let peakRssMb = 0;
    for (let round = 1; round <= o.rounds; round++) {
      log(`indicators: round ${round}/${o.rounds}: SQL bound over ${codes.length} counties, then the service`);
      const bound = await timed(() => runIndicatorBound(pool, policy.params, o.year));
      boundMs.push(bound.ms);
      boundUnits = bound.value.length;
      const service = await withPeakRss(() =>
        timed(async () => {
          // the answers are consumed one by one (counted, then dropped), as an export would write them out
          let n = 0;
          for await (const { countyCode, answer } of eachResourceAllocation(o.database.db, codes, o.year)) {
            if (answer === null) throw new Error(`no answer for ${countyCode}`);
            n += answer.units.length;
          }
          return n;
        }),
      );
      serviceMs.push(service.value.ms);
      units = service.value.value;
      peakRssMb = Math.max(peakRssMb, service.peakRssMb);
    }
    // the loop a client of the API runs, county after county (timed once)
    const perCountyMs: number[] = [];
    const loop = await timed(async () => {
      for (const c of codes) {
        const start = performance.now();
        await resourceAllocation(o.database.db, c, o.year);
        perCountyMs.push(performance.now() - start);
      }
    });

    // same numerators and denominators as the bound, unit by unit, and the same answers as the
    // county-by-county service, on a sample of counties (not timed)
    const checked = sampleOf(codes, o.checkCounties ?? 12);
    const batch = await resourceAllocations(o.database.db, checked, o.year);
    const mismatches: string[] = [];
    let unitsChecked = 0;
    for (const [i, c] of checked.entries()) {
      const answer = await resourceAllocation(o.database.db, c, o.year);
      if (!isDeepStrictEqual(batch.counties[i], answer)) mismatches.push(`${c}: resourceAllocations differs from resourceAllocation`);
      const rows = await runIndicatorBound(pool, policy.params, o.year, c);
      unitsChecked += rows.length;
      mismatches.push(...compareWithBound(answer.units as ServiceUnit[], rows, 5).map((m) => `${c}: ${m}`));
    }

    const measured = medianOf(serviceMs) / 1000;
    const baseline = medianOf(boundMs) / 1000;
    const ratio = measured / baseline;
    const agree = mismatches.length === 0 && units === boundUnits;
    const rounds = roundFigures(serviceMs, boundMs, (x) => x <= MAX_RATIO);
    return {
      id: ID,
      benchmark: NAME,
      status: 'measured',
      measured: { value: measured, unit: 's' },
      baseline: { value: baseline, unit: 's' },
      ratio,
      target: TARGET,
      met: agree && rounds.everyRoundMet && peakRssMb < MAX_PEAK_MB,
      rounds,
      detail: {
        policyId: policy.id,
        year: o.year,
        counties: codes.length,
        units,
        boundUnits,
        rounds: o.rounds,
        serviceRunsS: serviceMs.map((ms) => round(ms / 1000, 3)),
        boundRunsS: boundMs.map((ms) => round(ms / 1000, 3)),
        countyByCountyS: round(loop.ms / 1000, 3),
        perCountyMs: { p50: round(medianOf(perCountyMs)), max: round(Math.max(...perCountyMs)) },
        peakRssMb,
        check: { counties: checked.length, units: unitsChecked, mismatches: mismatches.slice(0, 10) },
      },
      note:
        `peak RSS ${peakRssMb} MB; county by county (${codes.length} x resourceAllocation): ${round(loop.ms / 1000, 2)} s` +
        (agree ? '' : `; service and bound DISAGREE: ${units} vs ${boundUnits} units, ${mismatches.slice(0, 3).join('; ')}`),
    };
  } catch (error) {
    return failed(ID, NAME, TARGET, error);
  }
}
