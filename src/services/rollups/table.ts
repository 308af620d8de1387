// The roll-up as tables (CSV and the workbook's sheets): one flat row per county with stable column
// names, and the totals as one row.

import { RESOURCE_INDICATOR_IDS } from '../../rules/indicators/resource.js';
import { COMPULSORY_STAGES } from '../../rules/vocabulary.js';
import type { RegionSummaryT, RollupRowT, RollupStageT } from '../../schemas/rollups.js';

type Row = Record<string, unknown>;

const stageColumns = (stage: string) => [
  `${stage}Passes`,
  `${stage}Units`,
  `${stage}UnitsAssessed`,
  `${stage}FailingUnits`,
  ...RESOURCE_INDICATOR_IDS.flatMap((id) => [`${stage}${id}Cv`, `${stage}${id}CvMet`]),
];

/** CSV columns of a roll-up: one row per county. */
export const ROLLUP_CSV_COLUMNS: readonly string[] = [
  'countyCode',
  'countyName',
  'cityCode',
  'year',
  'policyId',
  'policySource',
  'hasClasses',
  'passes',
  ...COMPULSORY_STAGES.flatMap(stageColumns),
  'classes',
  'classesOverLimit',
  'largeClasses',
  'superLargeClasses',
  'classSizesMet',
  'b11Schools',
  'b11SchoolsOverCap',
  'b11Met',
  'entitlementSchools',
  'entitlementFen',
  'entitlementYuan',
  'scorecardMet',
  'scorecardNotMet',
  'scorecardNotAssessable',
];

function stageCells(stage: string, s: RollupStageT | undefined): Row {
  const row: Row = {
    [`${stage}Passes`]: s?.passes,
    [`${stage}Units`]: s?.units,
    [`${stage}UnitsAssessed`]: s?.unitsAssessed,
    [`${stage}FailingUnits`]: s?.failingUnits,
  };
  for (const id of RESOURCE_INDICATOR_IDS) {
    row[`${stage}${id}Cv`] = s?.cv[id];
    row[`${stage}${id}CvMet`] = s?.cvMet[id];
  }
  return row;
}

/** A county's row as a table row; a county without classes has empty figure cells. */
export function rollupCsvRow(r: RollupRowT): Row {
  const ra = r.resourceAllocation;
  return {
    countyCode: r.countyCode,
    countyName: r.countyName,
    cityCode: r.cityCode,
    year: r.year,
    policyId: r.policyId,
    policySource: r.policySource,
    hasClasses: r.hasClasses,
    passes: ra?.passes,
    ...Object.assign({}, ...COMPULSORY_STAGES.map((stage) => stageCells(stage, ra?.[stage]))),
    classes: r.classSizes?.classes,
    classesOverLimit: r.classSizes?.overLimit,
    largeClasses: r.classSizes?.large,
    superLargeClasses: r.classSizes?.superLarge,
    classSizesMet: r.classSizes?.met,
    b11Schools: r.schoolSize?.schools,
    b11SchoolsOverCap: r.schoolSize?.overCap,
    b11Met: r.schoolSize?.met,
    entitlementSchools: r.entitlement?.schools,
    entitlementFen: r.entitlement?.totalFen,
    entitlementYuan: r.entitlement?.totalYuan,
    scorecardMet: r.scorecard?.met,
    scorecardNotMet: r.scorecard?.notMet,
    scorecardNotAssessable: r.scorecard?.notAssessable,
  };
}

export const rollupCsvRows = (answer: RegionSummaryT): Row[] => answer.items.map(rollupCsvRow);

/** The totals as one row: the region, then every count and sum of `totals`, flattened (`primary.failingUnits` → `primaryFailingUnits`). */
export function rollupTotalsRow(answer: RegionSummaryT): Row {
  const t = answer.totals;
  const ra = t.resourceAllocation;
  const row: Row = {
    level: answer.level,
    provinceCode: answer.provinceCode,
    cityCode: answer.cityCode,
    year: answer.year,
    restricted: answer.restricted,
    counties: t.counties,
    countiesWithClasses: t.countiesWithClasses,
    countiesPassing: ra.countiesPassing,
    countiesNotPassing: ra.countiesNotPassing,
    countiesUndecided: ra.countiesUndecided,
  };
  for (const stage of COMPULSORY_STAGES) {
    const s = ra[stage];
    Object.assign(row, {
      [`${stage}CountiesPassing`]: s.countiesPassing,
      [`${stage}CountiesNotPassing`]: s.countiesNotPassing,
      [`${stage}CountiesUndecided`]: s.countiesUndecided,
      [`${stage}Units`]: s.units,
      [`${stage}UnitsAssessed`]: s.unitsAssessed,
      [`${stage}FailingUnits`]: s.failingUnits,
    });
    for (const id of RESOURCE_INDICATOR_IDS) row[`${stage}${id}CountiesCvMet`] = s.countiesCvMet[id];
  }
  return Object.assign(row, {
    classes: t.classSizes.classes,
    classesOverLimit: t.classSizes.overLimit,
    largeClasses: t.classSizes.large,
    superLargeClasses: t.classSizes.superLarge,
    countiesClassSizesMet: t.classSizes.countiesMet,
    b11Schools: t.schoolSize.schools,
    b11SchoolsOverCap: t.schoolSize.overCap,
    countiesB11Met: t.schoolSize.countiesMet,
    entitlementSchools: t.entitlement.schools,
    entitlementFen: t.entitlement.totalFen,
    entitlementYuan: t.entitlement.totalYuan,
    scorecardMet: t.scorecard.met,
    scorecardNotMet: t.scorecard.notMet,
    scorecardNotAssessable: t.scorecard.notAssessable,
  });
}
