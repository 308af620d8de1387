// The demo's funding figures of a public school-year: what it was allocated and what it spent on training,
// from the entitlement the funding engine computes under the year's profile (nothing restates a rate).

import { computeEntitlement, fenToYuan, sumFen, type FundingParams, type FundingSchoolInput } from '../rules/funding/index.js';
import type { Pupils } from './classes.js';
import type { SchoolPlan } from './plan.js';
import type { Rng } from './prng.js';
import { ceil2, floor2, round2 } from './rounding.js';

/**
 * The school's entitlement in yuan, as the funding engine computes it. `actualOnly` leaves out the
 * small-school floor and tiers: what a school funded on its actual pupils gets (a B13 breach).
 */
function entitlementYuan(
  plan: SchoolPlan,
  schoolCode: string,
  pupils: Pupils,
  boarders: number,
  inclusion: number,
  funding: FundingParams,
  actualOnly = false,
): number {
  const input: FundingSchoolInput = {
    schoolCode,
    kind: plan.kind,
    areaType: plan.areaType,
    ownership: plan.ownership ?? 'public',
    boarding: plan.boarding ?? false,
    students: { ...pupils },
    boarders,
    inclusionStudents: inclusion,
  };
  const e = computeEntitlement(input, funding);
  const small = new Set(['small_school_floor', 'small_school_tier']);
  return fenToYuan(actualOnly ? sumFen(e.components.filter((c) => !small.has(c.component)).map((c) => c.amountFen)) : e.totalFen);
}

export interface FundingFigures {
  publicFundingAllocatedYuan: number;
  trainingSpendYuan: number;
}

/**
 * Allocated public funding (a little above the entitlement, or exactly the plan's share or actual-pupils
 * figure where the plan wants a breach) and training spend (above the profile's minimum share unless the
 * plan wants it low).
 */
export function fundingFigures(
  plan: SchoolPlan,
  schoolCode: string,
  pupils: Pupils,
  boarders: number,
  inclusion: number,
  funding: FundingParams,
  rng: Rng,
): FundingFigures {
  const entitled = entitlementYuan(plan, schoolCode, pupils, boarders, inclusion, funding);
  const allocated = plan.fundedOnActualPupils
    ? entitlementYuan(plan, schoolCode, pupils, boarders, inclusion, funding, true)
    : round2(entitled * (plan.fundingShare ?? rng.range(1.0, 1.12)));
  const trainingShareMin = funding.trainingMinimum.basisPoints / 10000;
  const trainingSpendYuan = plan.lowTrainingShare
    ? floor2(allocated * plan.lowTrainingShare)
    : ceil2(Math.max(allocated, entitled) * trainingShareMin * rng.range(1.04, 1.7));
  return { publicFundingAllocatedYuan: allocated, trainingSpendYuan };
}
