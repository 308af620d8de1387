// Roll-up of a province (docs/rollups.md): the service's `regionSummary`, what GET
// /v1/provinces/{provinceCode}/years/{year}/summary answers before serialization, for the synthetic counties
// of province 44 (given to it as the counties a key may see, so that a demo county in the same database
// stays out of both sides), against the hand-written SQL bound of bench/rollup-bound.ts over the same
// counties. Bound and service alternate in each round; the ratio of each round is kept. Not timed: the
// bound's B12 and B11 counts, units and funding schools per county equal the service's rows, and on a
// sample of counties each row equals the county's own answers (resource allocation, class sizes, scorecard,
// entitlements).
import { isDeepStrictEqual } from 'node:util';
import type { Database } from '../src/db/connection.js';
import { countyEntitlements } from '../src/services/funding/entitlements.js';
import { classSizes, computeScorecard, resourceAllocation } from '../src/services/indicators/index.js';
import { countyRow, loadRegionData, regionCounties, regionSummary, type CountyData, type Region } from '../src/services/rollups/index.js';
import type { RollupRowT } from '../src/schemas/rollups.js';
import type { TeacherHistoryCounts } from '../src/services/indicators/teacher-history.js';
import { SYNTHETIC_COUNTY_PATTERN } from '../scripts/province/codes.js';
import { poolOf } from './api-read.js';
import { commonIndicatorPolicy } from './indicators.js';
import { failed, roundFigures, type BenchResult } from './results.js';
import { runRollupBound, type BoundRow } from './rollup-bound.js';
import { medianOf, round, sampleOf, timed, withPeakRss } from './timing.js';

const ID = 'rollup.province';
const NAME = 'roll-up: province summary, one row per county';
const TARGET = '<= 2x SQL bound';
const MAX_RATIO = 2;
const PROVINCE = '44';

export interface RollupBenchOptions {
  database: Database;
  year: number;
  rounds: number;
  /** Counties whose rows are checked against their own answers (default 12). */
  checkCounties?: number;
  log?: (line: string) => void;
}

/** The row a county's own four answers give (what the roll-up must repeat). */
async function rowFromOwnAnswers(database: Database, row: RollupRowT): Promise<RollupRowT> {
  const { db } = database;
  const [allocation, sizes, card, entitlements] = await Promise.all([
    resourceAllocation(db, row.countyCode, row.year),
    classSizes(db, row.countyCode, row.year),
    computeScorecard(db, row.countyCode, row.year),
    countyEntitlements(db, row.countyCode, row.year, {}),
  ]);
  const stage = (s: 'primary' | 'junior') => {
    const block = allocation.stages[s];
    if (!block) throw new Error(`${row.countyCode}: no ${s} block`);
    const d = block.dispersion;
    return {
      passes: block.passes,
      units: block.units,
      unitsAssessed: block.unitsAssessed,
      failingUnits: allocation.units.filter((u) => u.stage === s && u.passes === false).length,
      cv: { B1: d.B1.cv, B2: d.B2.cv, B3: d.B3.cv, B4: d.B4.cv, B5: d.B5.cv, B6: d.B6.cv, B7: d.B7.cv },
      cvMet: { B1: d.B1.met, B2: d.B2.met, B3: d.B3.met, B4: d.B4.met, B5: d.B5.met, B6: d.B6.met, B7: d.B7.met },
    };
  };
  const b11 = card.indicators.find((i) => i.id === 'B11');
  const b11Detail = b11?.detail as { schools: number; notMet: string[] } | undefined;
  const totalFen = Math.round(entitlements.totals.totalYuan * 100);
  return {
    countyCode: card.countyCode,
    countyName: card.countyName,
    cityCode: row.cityCode,
    year: card.year,
    policyId: card.policyId,
    policySource: card.policySource,
    hasClasses: true,
    resourceAllocation: { passes: allocation.passes, primary: stage('primary'), junior: stage('junior') },
    classSizes: { classes: sizes.classes, overLimit: sizes.overLimit, large: sizes.large, superLarge: sizes.superLarge, met: sizes.met },
    schoolSize: {
      schools: b11Detail?.schools ?? 0,
      overCap: b11Detail?.notMet.length ?? 0,
      met: b11?.status === 'not_assessable' ? null : b11?.status === 'met',
    },
    entitlement: { schools: entitlements.totals.schools, totalFen, totalYuan: entitlements.totals.totalYuan },
    scorecard: { ...card.summary },
  };
}

/** Differences between the service's rows and the bound's, county by county (empty when they agree). */
function compareRows(rows: readonly RollupRowT[], bound: readonly BoundRow[]): string[] {
  const problems: string[] = [];
  const byCode = new Map(bound.map((b) => [b.countyCode, b]));
  if (rows.length !== bound.length) problems.push(`${rows.length} rows vs ${bound.length} in the bound`);
  for (const r of rows) {
    const b = byCode.get(r.countyCode);
    if (!b) {
      problems.push(`${r.countyCode}: not in the bound`);
      continue;
    }
    const c = r.classSizes;
    const same = (what: string, x: unknown, y: unknown) => {
      if (!isDeepStrictEqual(x, y)) problems.push(`${r.countyCode} ${what}: ${JSON.stringify(x)} vs bound ${JSON.stringify(y)}`);
    };
    same('B12', c && { classes: c.classes, overLimit: c.overLimit, large: c.large, superLarge: c.superLarge }, b.classSizes);
    same('B11', r.schoolSize && { schools: r.schoolSize.schools, overCap: r.schoolSize.overCap }, b.schoolSize);
    same('units', (r.resourceAllocation?.primary.units ?? 0) + (r.resourceAllocation?.junior.units ?? 0), b.units.length);
    same('funding schools', r.entitlement?.schools ?? 0, b.funding.length);
    same('name', r.countyName, b.name);
  }
  return problems;
}

export async function benchRollup(o: RollupBenchOptions): Promise<BenchResult> {
  const log = o.log ?? (() => {});
  try {
    if (o.database.kind !== 'postgres') throw new Error('needs PostgreSQL');
    const pool = poolOf(o.database);
    const region: Region = { level: 'province', provinceCode: PROVINCE };
    const { rows } = await pool.query<{ county_code: string }>(
      'SELECT county_code FROM counties WHERE province_code = $1 AND county_code ~ $2 ORDER BY county_code',
      [PROVINCE, SYNTHETIC_COUNTY_PATTERN],
    );
    const codes = rows.map((r) => r.county_code);
    if (codes.length === 0) throw new Error(`no synthetic county has province_code ${PROVINCE}: generate the province (npm run gen:province)`);
    const visible = new Set(codes);
    const policy = await commonIndicatorPolicy(o.database, codes, o.year);

    // warm-up, both ways, on the whole province: plans, the JIT of the rules at this size, and a heap grown to
    // what a roll-up of the province takes (with two counties only, the first round's service ran 1.3–1.9×
    // as long as the next ones)
    await runRollupBound(pool, policy.params, o.year, PROVINCE, codes);
    await regionSummary(o.database.db, region, o.year, { counties: visible });

    const boundMs: number[] = [];
    const serviceMs: number[] = [];
    // the process holds the service's modules and the bound's rows before the roll-up adds its own
    const rssBeforeMb = Math.round(process.memoryUsage().rss / 2 ** 20);
    let peakRssMb = 0;
    let bound: BoundRow[] = [];
    let answer: Awaited<ReturnType<typeof regionSummary>> | null = null;
    for (let r = 1; r <= o.rounds; r++) {
      log(`rollup: round ${r}/${o.rounds}: SQL bound over ${codes.length} counties, then the service`);
      const b = await timed(() => runRollupBound(pool, policy.params, o.year, PROVINCE, codes));
      boundMs.push(b.ms);
      bound = b.value;
      const s = await withPeakRss(() => timed(() => regionSummary(o.database.db, region, o.year, { counties: visible })));
      serviceMs.push(s.value.ms);
      answer = s.value.value;
      peakRssMb = Math.max(peakRssMb, s.peakRssMb);
    }
    if (!answer) throw new Error('no round was run');

    // where the service's time goes (once, not part of the figure): the reads, then the rules, one after the other
    const counties = await regionCounties(o.database.db, region, visible);
    const load = await timed(async () => {
      const data = await loadRegionData(o.database.db, codes, o.year, undefined);
      const histories = new Map(await Promise.all(codes.map(async (c) => [c, await (data.get(c) as CountyData).history] as const)));
      return { data, histories };
    });
    const { data, histories } = load.value;
    const rules = await timed(async () =>
      counties.map((c) => countyRow(c, data.get(c.countyCode) as CountyData, histories.get(c.countyCode) as TeacherHistoryCounts)),
    );

    // not timed: the same figures as the bound, and each sampled row equal to the county's own answers
    const mismatches = compareRows(answer.items, bound);
    const sample = sampleOf(answer.items, o.checkCounties ?? 12);
    for (const row of sample) {
      const own = JSON.parse(JSON.stringify(await rowFromOwnAnswers(o.database, row)));
      if (!isDeepStrictEqual(JSON.parse(JSON.stringify(row)), own)) mismatches.push(`${row.countyCode}: the row differs from the county's own answers`);
    }

    const measured = medianOf(serviceMs) / 1000;
    const baseline = medianOf(boundMs) / 1000;
    const rounds = roundFigures(serviceMs, boundMs, (x) => x <= MAX_RATIO);
    const agree = mismatches.length === 0;
    return {
      id: ID,
      benchmark: NAME,
      status: 'measured',
      measured: { value: measured, unit: 's' },
      baseline: { value: baseline, unit: 's' },
      ratio: measured / baseline,
      target: TARGET,
      met: agree && rounds.everyRoundMet,
      rounds,
      detail: {
        provinceCode: PROVINCE,
        policyId: policy.id,
        year: o.year,
        counties: codes.length,
        units: answer.totals.resourceAllocation.primary.units + answer.totals.resourceAllocation.junior.units,
        classes: answer.totals.classSizes.classes,
        schools: answer.totals.entitlement.schools,
        rounds: o.rounds,
        serviceRunsS: serviceMs.map((ms) => round(ms / 1000, 3)),
        boundRunsS: boundMs.map((ms) => round(ms / 1000, 3)),
        serviceReadsS: round(load.ms / 1000, 3),
        serviceRulesS: round(rules.ms / 1000, 3),
        rssBeforeMb,
        peakRssMb,
        check: { counties: sample.length, mismatches: mismatches.slice(0, 10) },
      },
      note:
        `reads ${round(load.ms / 1000, 2)} s + rules ${round(rules.ms / 1000, 2)} s (measured apart); RSS ${rssBeforeMb} MB before the rounds, peak ${peakRssMb} MB` +
        (agree ? '' : `; service and bound DISAGREE: ${mismatches.slice(0, 3).join('; ')}`),
    };
  } catch (error) {
    return failed(ID, NAME, TARGET, error);
  }
}
