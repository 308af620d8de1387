// Everything the county report shows, from the services the API answers with (so every figure on the page
// is the one /v1 gives), fetched side by side: each service is independent of the others.

import type { Queryable } from '../../db/connection.js';
import { UNIT_STAGES_BY_KIND } from '../../rules/indicators/units.js';
import type { CompulsoryStage } from '../../rules/vocabulary.js';
import type { CountyEntitlementsT } from '../../schemas/funding.js';
import type { ClassSizesT, ResourceAllocationT, ScorecardT } from '../../schemas/indicators.js';
import type { RemediationPlanT } from '../../schemas/planning.js';
import { ServiceError } from '../../services/errors.js';
import { countyEntitlements } from '../../services/funding/entitlements.js';
import { classSizes, loadIndicatorInputs, resourceAllocation, scorecard } from '../../services/indicators/index.js';
import { remediationPlan } from '../../services/planning/remediation.js';
import { countyWithYears } from '../../services/report-index.js';
import { attempt, type Outcome } from './outcome.js';

/** One compulsory class as B12 looks at it: the histogram's data. */
export interface CompulsoryClass {
  schoolCode: string;
  stage: CompulsoryStage;
  students: number;
}

export interface CountyReportData {
  countyCode: string;
  countyName: string;
  year: number;
  /** Years of the county holding school data, oldest first. */
  years: readonly number[];
  scorecard: Outcome<ScorecardT>;
  allocation: Outcome<ResourceAllocationT>;
  classSizes: Outcome<ClassSizesT>;
  /** Every compulsory class of the county-year with the school's kind, before B12's exemptions. */
  classes: Outcome<(CompulsoryClass & { kind: string })[]>;
  funding: Outcome<CountyEntitlementsT>;
  plan: Outcome<RemediationPlanT>;
  computedAt: Date;
}

async function compulsoryClasses(db: Queryable, countyCode: string, year: number) {
  const inputs = await loadIndicatorInputs(db, countyCode, year, { teachers: false, classList: true, rooms: false });
  const out: (CompulsoryClass & { kind: string })[] = [];
  for (const school of inputs.schools) {
    if (UNIT_STAGES_BY_KIND[school.kind].length === 0) continue;
    for (const c of school.classes ?? []) {
      if (c.stage === 'primary' || c.stage === 'junior') out.push({ schoolCode: school.schoolCode, stage: c.stage, students: c.students, kind: school.kind });
    }
  }
  return out;
}

/**
 * The county-year's report data. 404 for a county that does not exist and for a year without school data
 * (naming the years that have some); a service's own refusal (422) is kept for its section to show.
 */
export async function loadCountyReport(db: Queryable, countyCode: string, year: number): Promise<CountyReportData> {
  const county = await countyWithYears(db, countyCode);
  if (!county) throw new ServiceError(404, 'not-found', 'Not Found', `县（区）${countyCode} 不存在`);
  if (!county.years.includes(year)) {
    const held = county.years.length > 0 ? `有数据的年度：${county.years.join('、')}` : '该县还没有任何学校数据';
    throw new ServiceError(404, 'not-found', 'Not Found', `${county.name} ${year} 年度没有学校数据（${held}）`, [], { years: county.years });
  }
  const computedAt = new Date();
  const [card, allocation, sizes, classes, funding, plan] = await Promise.all([
    attempt(() => scorecard(db, countyCode, year)),
    attempt(() => resourceAllocation(db, countyCode, year)),
    attempt(() => classSizes(db, countyCode, year)),
    attempt(() => compulsoryClasses(db, countyCode, year)),
    attempt(() => countyEntitlements(db, countyCode, year, {})),
    attempt(() => remediationPlan(db, countyCode, year)),
  ]);
  // Without classes no figure exists at all: the page as a whole is "not found", as the API answers.
  if (!card.ok && card.error.status === 404) throw card.error;
  return {
    countyCode,
    countyName: county.name,
    year,
    years: county.years,
    scorecard: card,
    allocation,
    classSizes: sizes,
    classes,
    funding,
    plan,
    computedAt,
  };
}
