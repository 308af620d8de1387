// The sheets of each Excel answer. The first sheet of each is the CSV answer itself (the services' column
// list and row mapper, so a column is named in one place); the others are the answer's further tables,
// which the CSV leaves out: county figures, summaries and totals.

import { RESOURCE_INDICATOR_IDS } from '../rules/indicators/resource.js';
import { REMEDIATION_ACTIONS } from '../rules/policies/remediation-costs.js';
import type { CountyEntitlementsT } from '../schemas/funding.js';
import type { ClassSizesT, ResourceAllocationT, ScorecardT } from '../schemas/indicators.js';
import type { RemediationPlanT } from '../schemas/planning.js';
import { ENTITLEMENT_CSV_COLUMNS, entitlementCsvRows } from '../services/funding/entitlements.js';
import {
  ALLOCATION_CSV_COLUMNS,
  CLASS_SIZE_CSV_COLUMNS,
  SCORECARD_CSV_COLUMNS,
  allocationCsvRows,
  classSizeCsvRows,
  scorecardCsvRows,
} from '../services/indicators/index.js';
import { PLAN_CSV_COLUMNS, planCsvRows } from '../services/planning/remediation.js';
import type { Sheet } from './xlsx.js';

type Row = Record<string, unknown>;
const KEY = ['countyCode', 'year', 'policyId'] as const;
const keyOf = (a: { countyCode: string; year: number; policyId: string }): Row => ({ countyCode: a.countyCode, year: a.year, policyId: a.policyId });

/** The scorecard: "indicators" (the CSV) and "summary" (the counts and the overall B1–B7 verdict). */
export function scorecardSheets(answer: ScorecardT): Sheet[] {
  const summary: Row = {
    ...keyOf(answer),
    met: answer.summary.met,
    notMet: answer.summary.notMet,
    notAssessable: answer.summary.notAssessable,
    resourceAllocationPrimary: answer.resourceAllocation.primary,
    resourceAllocationJunior: answer.resourceAllocation.junior,
    resourceAllocationPasses: answer.resourceAllocation.passes,
    explanation: answer.resourceAllocation.explanation,
  };
  return [
    { name: 'indicators', columns: SCORECARD_CSV_COLUMNS, rows: scorecardCsvRows(answer) },
    { name: 'summary', columns: Object.keys(summary), rows: [summary] },
  ];
}

const COUNTY_COLUMNS = [
  ...KEY,
  'stage',
  'units',
  'unitsAssessed',
  'schoolsPassing',
  ...RESOURCE_INDICATOR_IDS.flatMap((id) => [`${id}_cv`, `${id}_cvMax`, `${id}_cvMet`]),
  'composite_cv',
  'composite_cvMax',
  'composite_cvMet',
  'passes',
  'missing',
  'explanation',
];

/** One row per stage answered, then (both stages) the county verdict: every stage passes. */
function countyRows(answer: ResourceAllocationT): Row[] {
  const rows: Row[] = [];
  for (const s of [answer.stages.primary, answer.stages.junior]) {
    if (!s) continue;
    const row: Row = { ...keyOf(answer), stage: s.stage, units: s.units, unitsAssessed: s.unitsAssessed, schoolsPassing: s.schoolsPassing };
    for (const id of RESOURCE_INDICATOR_IDS) {
      row[`${id}_cv`] = s.dispersion[id].cv;
      row[`${id}_cvMax`] = s.dispersion[id].max;
      row[`${id}_cvMet`] = s.dispersion[id].met;
    }
    Object.assign(row, { composite_cv: s.composite.cv, composite_cvMax: s.composite.max, composite_cvMet: s.composite.met });
    rows.push({ ...row, passes: s.passes, missing: s.missing, explanation: s.explanation });
  }
  if (answer.stage === undefined) {
    rows.push({
      ...keyOf(answer),
      stage: 'all',
      unitsAssessed: answer.unitsAssessed,
      schoolsPassing: answer.schoolsPassing,
      passes: answer.passes,
      explanation: answer.explanation,
    });
  }
  return rows;
}

/**
 * Resource allocation: "units" (the CSV, `failing` applied), "county" (the inter-school dispersion per stage,
 * the composite and the verdicts, always whole) and "excluded" (schools outside the assessment, with why).
 */
export function allocationSheets(answer: ResourceAllocationT): Sheet[] {
  return [
    { name: 'units', columns: ALLOCATION_CSV_COLUMNS, rows: allocationCsvRows(answer) },
    { name: 'county', columns: COUNTY_COLUMNS, rows: countyRows(answer) },
    { name: 'excluded', columns: [...KEY, 'schoolCode', 'schoolName', 'kind', 'reason'], rows: answer.excluded.map((e) => ({ ...keyOf(answer), ...e })) },
  ];
}

/** Class sizes: "violations" (the CSV) and "summary" (the county's counts, shares, verdict and limits). */
export function classSizeSheets(answer: ClassSizesT): Sheet[] {
  const summary: Row = {
    ...keyOf(answer),
    classes: answer.classes,
    overLimit: answer.overLimit,
    large: answer.large,
    superLarge: answer.superLarge,
    largeShare: answer.largeShare,
    superLargeShare: answer.superLargeShare,
    met: answer.met,
    limitPrimary: answer.limits.primary,
    limitJunior: answer.limits.junior,
    largeMin: answer.limits.largeMin,
    superLargeMin: answer.limits.superLargeMin,
    exemptKinds: answer.limits.exemptKinds,
    missing: answer.missing,
    explanation: answer.explanation,
  };
  return [
    { name: 'violations', columns: CLASS_SIZE_CSV_COLUMNS, rows: classSizeCsvRows(answer) },
    { name: 'summary', columns: Object.keys(summary), rows: [summary] },
  ];
}

/**
 * County entitlements: "lines" (the CSV: every school-component, then the county total row), "totals" (per
 * component across schools, then the county total) and "withoutClasses" (schools left out: no students).
 */
export function entitlementSheets(answer: CountyEntitlementsT): Sheet[] {
  const t = answer.totals;
  const totals: Row[] = [
    ...t.byComponent.map((c) => ({ ...keyOf(answer), ...c })),
    { ...keyOf(answer), component: 'total', schools: t.schools, amountYuan: t.totalYuan, trainingMinimumYuan: t.trainingMinimumYuan },
  ];
  return [
    { name: 'lines', columns: ENTITLEMENT_CSV_COLUMNS, rows: entitlementCsvRows(answer) },
    { name: 'totals', columns: [...KEY, 'component', 'schools', 'quantity', 'amountYuan', 'trainingMinimumYuan'], rows: totals },
    { name: 'withoutClasses', columns: [...KEY, 'schoolCode'], rows: answer.withoutClasses.map((schoolCode) => ({ ...keyOf(answer), schoolCode })) },
  ];
}

/** The plan's one-row summary: total cost, counts, cost per action and the verdict before and after. */
function planSummary(plan: RemediationPlanT): Row {
  const row: Row = {
    ...keyOf(plan),
    stages: plan.stages,
    actions: plan.actions.length,
    schools: plan.totals.bySchool.length,
    unitsPlanned: plan.units.length,
    dispersionSteps: plan.dispersion.steps.length,
    costYuan: plan.totals.costYuan,
    unpriced: plan.totals.unpriced,
  };
  for (const a of REMEDIATION_ACTIONS) row[`${a}_costYuan`] = plan.totals.byAction[a];
  for (const [side, verdict] of [['before', plan.before], ['after', plan.after]] as const) {
    row[`${side}_passes`] = verdict.passes;
    for (const stage of ['primary', 'junior'] as const) {
      const v = verdict.resourceAllocation[stage];
      row[`${side}_${stage}_passes`] = v?.passes ?? null;
      row[`${side}_${stage}_unitsPassing`] = v?.unitsPassing ?? null;
      row[`${side}_${stage}_unitsAssessed`] = v?.unitsAssessed ?? null;
    }
    row[`${side}_classesOverLimit`] = verdict.classSizes.overLimit;
    row[`${side}_schoolsOverSize`] = verdict.schoolSize.over;
    row[`${side}_schoolsShortOfRooms`] = verdict.rooms.short;
  }
  row.explanation = plan.explanation;
  return row;
}

/**
 * The remediation plan: "actions" (the CSV), "summary" (one row), "schools" (cost per school), "units"
 * (the option chosen per unit, before and after) and "dispersion" (the cv steps).
 */
export function planSheets(plan: RemediationPlanT): Sheet[] {
  const summary = planSummary(plan);
  const units = plan.units.map((u) => ({
    ...keyOf(plan),
    unitId: u.unitId,
    schoolCode: u.schoolCode,
    schoolName: u.schoolName,
    stage: u.stage,
    option: u.option,
    leftAtFloor: u.leftAtFloor,
    optionsConsidered: u.optionsConsidered,
    before_metCount: u.before.metCount,
    before_passes: u.before.passes,
    after_metCount: u.after.metCount,
    after_passes: u.after.passes,
  }));
  const steps = plan.dispersion.steps.map((s) => ({ ...keyOf(plan), ...s }));
  return [
    { name: 'actions', columns: PLAN_CSV_COLUMNS, rows: planCsvRows(plan) },
    { name: 'summary', columns: Object.keys(summary), rows: [summary] },
    { name: 'schools', columns: [...KEY, 'schoolCode', 'schoolName', 'costYuan'], rows: plan.totals.bySchool.map((s) => ({ ...keyOf(plan), ...s })) },
    {
      name: 'units',
      columns: [...KEY, 'unitId', 'schoolCode', 'schoolName', 'stage', 'option', 'leftAtFloor', 'optionsConsidered', 'before_metCount', 'before_passes', 'after_metCount', 'after_passes'],
      rows: units,
    },
    {
      name: 'dispersion',
      columns: [...KEY, 'round', 'stage', 'indicator', 'cvMax', 'cvBefore', 'cvAfter', 'level', 'unitsRaised', 'added', 'unit', 'lowerBound', 'provedMinimal', 'explanation'],
      rows: steps,
    },
  ];
}
