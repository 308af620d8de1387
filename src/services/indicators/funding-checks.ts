// B13, B14 and B26 of the scorecard, decided by the funding engine's `assessCompliance`.
//
// The inputs are those of the funding service (src/services/funding/inputs.ts): every school of the county
// with at least one class in the year. A school with classes but no school-year record takes part with 0
// boarders and inclusion students and no declared money, so its checks are not assessable.

import type { Queryable } from '../../db/connection.js';
import {
  assessCompliance,
  fenToYuan,
  type ComplianceCheckId,
  type CountyCheckVerdict,
  type CountyCompliance,
  type FundingParams,
  type FundingSchoolInput,
} from '../../rules/funding/index.js';
import type { ComputedIndicatorInput } from '../../rules/indicators/index.js';
import { loadCountyInputs } from '../funding/inputs.js';

/**
 * Funding-engine inputs of every school of a county-year that has classes, sorted by school code: the
 * funding service's own loader, so the scorecard's B13/B14/B26 and the entitlements read the same inputs.
 */
async function loadFundingSchoolInputs(db: Queryable, countyCode: string, year: number): Promise<FundingSchoolInput[]> {
  return (await loadCountyInputs(db, countyCode, year, { allowEmpty: true })).inputs;
}

export type FundingIndicatorId = Extract<ComplianceCheckId, 'B13' | 'B14' | 'B26'>;

export interface FundingIndicators {
  compliance: CountyCompliance;
  /** The scorecard's input: null when not assessable (then `missing` names why). */
  computed: Record<FundingIndicatorId, ComputedIndicatorInput | null>;
  /** Per indicator, `schoolCode.field` of every missing input. */
  missing: Record<FundingIndicatorId, string[]>;
  verdicts: Record<FundingIndicatorId, CountyCheckVerdict>;
}

const DESCRIBE: Readonly<Record<FundingIndicatorId, string>> = {
  B13: 'rural primary schools and teaching points under the floor funded as the floor',
  B14: 'special schools funded at the per-student minimum',
  B26: 'schools spending at least the training share of their public-funding budget',
};

function computed(id: FundingIndicatorId, v: CountyCheckVerdict): ComputedIndicatorInput | null {
  if (v.status === 'not_assessable') return null;
  const detail =
    v.schools === 0
      ? `no school to which the check applies (${DESCRIBE[id]})`
      : `${v.met} of ${v.schools} schools meet it (${DESCRIBE[id]})` +
        (v.notMet > 0 ? `; ${v.notMet} do not, shortfall ${fenToYuan(v.shortfallFen)} yuan` : '') +
        (v.notAssessable > 0 ? `; ${v.notAssessable} not assessable (${v.missing.join(', ')})` : '');
  return { met: v.status === 'met', detail };
}

/** B13, B14, B26 of a county-year under a funding policy. */
export async function assessFundingIndicators(
  db: Queryable,
  countyCode: string,
  year: number,
  params: FundingParams,
): Promise<FundingIndicators> {
  return fundingIndicatorsOf(await loadFundingSchoolInputs(db, countyCode, year), params);
}

/** B13, B14, B26 of given funding-engine inputs (the what-if scenarios pass changed ones). */
export function fundingIndicatorsOf(inputs: readonly FundingSchoolInput[], params: FundingParams): FundingIndicators {
  const compliance = assessCompliance(inputs, params);
  const ids: FundingIndicatorId[] = ['B13', 'B14', 'B26'];
  const out = { compliance, computed: {}, missing: {}, verdicts: {} } as FundingIndicators;
  for (const id of ids) {
    const v = compliance.verdicts[id];
    out.verdicts[id] = v;
    out.computed[id] = computed(id, v);
    out.missing[id] = v.status === 'not_assessable' ? v.missing : [];
  }
  return out;
}
