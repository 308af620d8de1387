// Rule results → API answers of the indicator services.

import type { ClassSizeSummary } from '../../rules/indicators/index.js';
import type { IndicatorParams } from '../../rules/policies/indicator-params.js';
import type { ClassViolationT } from '../../schemas/indicators.js';
import type { SchoolMeta } from './inputs.js';

/** B12: each class above its stage's limit, with its school's name and whether it is 大班额 or 超大班额. */
export function violationsJson(
  summary: ClassSizeSummary,
  meta: ReadonlyMap<string, SchoolMeta>,
  params: IndicatorParams,
): ClassViolationT[] {
  return summary.violations.map((v) => ({
    schoolCode: v.schoolCode,
    schoolName: meta.get(v.schoolCode)?.name ?? '',
    classCode: v.classCode,
    stage: v.stage,
    students: v.students,
    limit: v.limit,
    large: v.students >= params.classSize.largeMin,
    superLarge: v.students >= params.classSize.superLargeMin,
  }));
}
