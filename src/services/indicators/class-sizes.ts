// B12 class sizes of a county-year (docs/domain.md §5): every compulsory class of the schools B12 applies to,
// counted by the rule `assessClassSizes`; the violations carry the school's name.

import type { Queryable } from '../../db/connection.js';
import { assessClassSizes, type ClassSizeSummary } from '../../rules/indicators/index.js';
import type { IndicatorParams } from '../../rules/policies/indicator-params.js';
import type { ClassSizesT } from '../../schemas/indicators.js';
import { countyYearContext, answerHeader } from './context.js';
import { assertHasClasses, loadIndicatorInputs, type SchoolMeta } from './inputs.js';
import { violationsJson } from './json.js';
import { csvBool } from './resource-allocation.js';

export function classSizeFigures(summary: ClassSizeSummary, meta: ReadonlyMap<string, SchoolMeta>, params: IndicatorParams) {
  return {
    rule: summary.rule,
    classes: summary.classes,
    overLimit: summary.overLimit,
    large: summary.large,
    superLarge: summary.superLarge,
    largeShare: summary.largeShare,
    superLargeShare: summary.superLargeShare,
    met: summary.met,
    missing: summary.missing,
    explanation: summary.explanation,
    violations: violationsJson(summary, meta, params),
  };
}

/** GET /v1/counties/{countyCode}/years/{year}/class-sizes */
export async function classSizes(
  db: Queryable,
  countyCode: string,
  year: number,
  options: { policyId?: string | undefined } = {},
): Promise<ClassSizesT> {
  const ctx = await countyYearContext(db, countyCode, year, options.policyId);
  const inputs = await loadIndicatorInputs(db, countyCode, year, { teachers: false, classList: true });
  assertHasClasses(inputs, `county ${countyCode}`);
  const params = ctx.profile.indicators;
  const summary = assessClassSizes(inputs.schools, params);
  return {
    ...answerHeader(ctx),
    ...classSizeFigures(summary, inputs.meta, params),
    limits: {
      primary: params.classSize.max.primary,
      junior: params.classSize.max.junior,
      largeMin: params.classSize.largeMin,
      superLargeMin: params.classSize.superLargeMin,
      exemptKinds: [...params.classSize.exemptKinds],
    },
  };
}

/** CSV of the class sizes: one row per class above its stage's limit. */
export const CLASS_SIZE_CSV_COLUMNS = ['countyCode', 'year', 'schoolCode', 'schoolName', 'classCode', 'stage', 'students', 'limit', 'excess', 'large', 'superLarge'];

export function classSizeCsvRows(answer: ClassSizesT): Record<string, unknown>[] {
  return answer.violations.map((v) => ({
    countyCode: answer.countyCode,
    year: answer.year,
    ...v,
    excess: v.students - v.limit,
    large: csvBool(v.large),
    superLarge: csvBool(v.superLarge),
  }));
}
