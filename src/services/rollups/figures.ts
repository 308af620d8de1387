// One county's row of a roll-up, from the inputs its own answers are computed from, by the same rules:
// B1–B7 (`computeAllocation`, as the resource allocation), B12 (`assessClassSizes`, as the class sizes),
// B11 (`assessSchoolSizeCounty`, as the scorecard), the entitlements and B13 / B14 / B26 (the funding
// engine's `assessCompliance`, whose entitlement per school is `computeEntitlement`'s) and the scorecard
// (`buildScorecard`, given what `computeScorecard` gives it). Then the totals over the rows.

import { fenToYuan } from '../../rules/funding/index.js';
import {
  RESOURCE_INDICATOR_IDS,
  assessClassSizes,
  assessSchoolSizeCounty,
  buildScorecard,
  type ResourceIndicatorId,
  type StageResourceAllocation,
} from '../../rules/indicators/index.js';
import type { CompulsoryStage } from '../../rules/vocabulary.js';
import type { RollupRowT, RollupStageT, RollupTotalsT } from '../../schemas/rollups.js';
import { fundingIndicatorsOf } from '../indicators/funding-checks.js';
import { computeAllocation } from '../indicators/resource-allocation.js';
import type { TeacherHistoryCounts } from '../indicators/teacher-history.js';
import type { CountyData } from './load.js';
import type { RegionCounty } from './region.js';

const perIndicator = <T>(f: (id: ResourceIndicatorId) => T): Record<ResourceIndicatorId, T> =>
  Object.fromEntries(RESOURCE_INDICATOR_IDS.map((id) => [id, f(id)])) as Record<ResourceIndicatorId, T>;

function stageFigures(s: StageResourceAllocation): RollupStageT {
  return {
    passes: s.passes,
    units: s.units.length,
    unitsAssessed: s.unitsAssessed,
    failingUnits: s.units.filter((u) => u.passes === false).length,
    cv: perIndicator((id) => s.dispersion[id].cv),
    cvMet: perIndicator((id) => s.dispersion[id].met),
  };
}

/**
 * The row of a county: its figures when it has classes in the year, otherwise only who it is and its
 * policy. `history` is the county's B16 / B18 counts (`data.history` resolved).
 */
export function countyRow(county: RegionCounty, data: CountyData, history: TeacherHistoryCounts): RollupRowT {
  const { ctx, indicators } = data;
  const head = {
    countyCode: county.countyCode,
    countyName: county.name,
    cityCode: county.cityCode,
    year: ctx.year,
    policyId: ctx.policyId,
    policySource: ctx.policySource,
  };
  if (indicators.classCount === 0) {
    return { ...head, hasClasses: false, resourceAllocation: null, classSizes: null, schoolSize: null, entitlement: null, scorecard: null };
  }
  const params = ctx.profile.indicators;
  const schools = indicators.schools;
  const allocation = computeAllocation(schools, params);
  const classes = assessClassSizes(schools, params);
  const size = assessSchoolSizeCounty(schools, params);
  const funding = fundingIndicatorsOf(data.funding, ctx.profile.funding);
  const card = buildScorecard(
    {
      schools,
      facts: data.facts,
      training: history.training,
      rotation: history.rotation,
      funding: { B13: funding.computed.B13, B14: funding.computed.B14, B26: funding.computed.B26 },
      resourceAllocation: { primary: allocation.stages.primary, junior: allocation.stages.junior, excluded: allocation.excluded, passes: allocation.passes },
    },
    params,
  );
  const totalFen = funding.compliance.totals.entitlementFen;
  return {
    ...head,
    hasClasses: true,
    resourceAllocation: {
      passes: allocation.passes,
      primary: stageFigures(allocation.stages.primary),
      junior: stageFigures(allocation.stages.junior),
    },
    classSizes: { classes: classes.classes, overLimit: classes.overLimit, large: classes.large, superLarge: classes.superLarge, met: classes.met },
    schoolSize: { schools: size.schools.length, overCap: size.notMet.length, met: size.met },
    entitlement: { schools: data.funding.length, totalFen, totalYuan: fenToYuan(totalFen) },
    scorecard: { met: card.summary.met, notMet: card.summary.notMet, notAssessable: card.summary.notAssessable },
  };
}

type Present<K extends keyof RollupRowT> = NonNullable<RollupRowT[K]>;
const sum = <T>(xs: readonly T[], f: (x: T) => number): number => xs.reduce((a, x) => a + f(x), 0);
const countWhere = <T>(xs: readonly T[], f: (x: T) => boolean): number => xs.filter(f).length;

function stageTotals(allocations: readonly Present<'resourceAllocation'>[], stage: CompulsoryStage): RollupTotalsT['resourceAllocation'][CompulsoryStage] {
  const stages = allocations.map((a) => a[stage]);
  return {
    countiesPassing: countWhere(stages, (s) => s.passes === true),
    countiesNotPassing: countWhere(stages, (s) => s.passes === false),
    countiesUndecided: countWhere(stages, (s) => s.passes === null),
    units: sum(stages, (s) => s.units),
    unitsAssessed: sum(stages, (s) => s.unitsAssessed),
    failingUnits: sum(stages, (s) => s.failingUnits),
    countiesCvMet: perIndicator((id) => countWhere(stages, (s) => s.cvMet[id] === true)),
  };
}

/** Sums and counts over the rows; counties without classes count only in `counties`. */
export function totalsOf(rows: readonly RollupRowT[]): RollupTotalsT {
  const present = <K extends 'resourceAllocation' | 'classSizes' | 'schoolSize' | 'entitlement' | 'scorecard'>(key: K): Present<K>[] =>
    rows.flatMap((r) => (r[key] === null ? [] : [r[key] as Present<K>]));
  const allocations = present('resourceAllocation');
  const classes = present('classSizes');
  const sizes = present('schoolSize');
  const entitlements = present('entitlement');
  const cards = present('scorecard');
  const totalFen = sum(entitlements, (e) => e.totalFen);
  return {
    counties: rows.length,
    countiesWithClasses: countWhere(rows, (r) => r.hasClasses),
    resourceAllocation: {
      countiesPassing: countWhere(allocations, (a) => a.passes === true),
      countiesNotPassing: countWhere(allocations, (a) => a.passes === false),
      countiesUndecided: countWhere(allocations, (a) => a.passes === null),
      primary: stageTotals(allocations, 'primary'),
      junior: stageTotals(allocations, 'junior'),
    },
    classSizes: {
      classes: sum(classes, (c) => c.classes),
      overLimit: sum(classes, (c) => c.overLimit),
      large: sum(classes, (c) => c.large),
      superLarge: sum(classes, (c) => c.superLarge),
      countiesMet: countWhere(classes, (c) => c.met === true),
    },
    schoolSize: { schools: sum(sizes, (s) => s.schools), overCap: sum(sizes, (s) => s.overCap), countiesMet: countWhere(sizes, (s) => s.met === true) },
    entitlement: { schools: sum(entitlements, (e) => e.schools), totalFen, totalYuan: fenToYuan(totalFen) },
    scorecard: { met: sum(cards, (c) => c.met), notMet: sum(cards, (c) => c.notMet), notAssessable: sum(cards, (c) => c.notAssessable) },
  };
}
