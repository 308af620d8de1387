// What a B1–B7 assessment unit lacks, in the quantities the actions add (docs/planning.md §3): whole
// teachers for B1–B3, and for B4–B7 the least school-level amount (whole classrooms, m² and yuan to the
// hundredth) whose share reaches the unit. Every figure is exact.

import { ceil, ceilTo, div, fromDecimal, gt, mul, rat, sub, ZERO, type Rational } from '../exact.js';
import { resourceQuantity, resourceScale, type ResourceIndicatorId } from '../indicators/resource.js';
import type { AssessmentUnit } from '../indicators/units.js';
import type { IndicatorParams } from '../policies/indicator-params.js';
import type { RemediationAction } from '../policies/remediation-costs.js';
import type { CompulsoryStage } from '../vocabulary.js';

export type TeacherIndicator = 'B1' | 'B2' | 'B3';
export type FacilityIndicator = 'B4' | 'B5' | 'B6' | 'B7';
export const FACILITY_INDICATORS: readonly FacilityIndicator[] = ['B4', 'B5', 'B6', 'B7'];

/** The action that adds to each facility indicator's quantity. */
export const FACILITY_ACTION: Readonly<Record<FacilityIndicator, RemediationAction>> = {
  B4: 'add_teaching_area',
  B5: 'add_sports_area',
  B6: 'add_equipment',
  B7: 'add_multimedia_classrooms',
};

export const isFacility = (id: ResourceIndicatorId): id is FacilityIndicator => id === 'B4' || id === 'B5' || id === 'B6' || id === 'B7';

/** Whole classrooms for B7; m² and yuan to the hundredth for B4–B6. */
export const wholeAmounts = (id: ResourceIndicatorId): boolean => id !== 'B4' && id !== 'B5' && id !== 'B6';

/** The least amount in the action's grain (1 or 0.01) that is at least `x`; 0 for x ≤ 0. */
export function grainCeil(x: Rational, id: ResourceIndicatorId): Rational {
  if (!gt(x, ZERO)) return ZERO;
  return wholeAmounts(id) ? { n: ceil(x), d: 1n } : ceilTo(x, 2);
}

/** A unit as the planner sees it: where its actions land and its exact quantities. */
export interface PlanUnit {
  unit: AssessmentUnit;
  stage: CompulsoryStage;
  /** Teachers are hired at the unit's own school (a central school for merged teaching points). */
  schoolCode: string;
  /** Facilities are added to this school: the unit's own, else the contributing school with the largest share. */
  facilitySchool: string;
  /** The unit's share of that school's facility totals (> 0). */
  share: Rational;
  quantities: Record<ResourceIndicatorId, Rational>;
}

/** The planner's view of an assessed unit; null when an input is missing or no school can take facilities. */
export function planUnit(unit: AssessmentUnit, params: IndicatorParams): PlanUnit | null {
  const quantities = {} as Record<ResourceIndicatorId, Rational>;
  for (const id of ['B1', 'B2', 'B3', 'B4', 'B5', 'B6', 'B7'] as const) {
    const qn = resourceQuantity(unit, id, params);
    if (qn === null) return null;
    quantities[id] = qn;
  }
  const own = unit.contributions.find((c) => c.schoolCode === unit.schoolCode && gt(c.facilityShare, ZERO));
  const best = own ?? [...unit.contributions].sort((a, b) => (gt(a.facilityShare, b.facilityShare) ? -1 : gt(b.facilityShare, a.facilityShare) ? 1 : 0))[0];
  if (!best || !gt(best.facilityShare, ZERO)) return null;
  return { unit, stage: unit.stage, schoolCode: unit.schoolCode, facilitySchool: best.schoolCode, share: best.facilityShare, quantities };
}

/** Unit-level quantity missing to reach `target` (value units): target × students / scale − quantity (may be ≤ 0). */
export function unitGap(u: PlanUnit, id: ResourceIndicatorId, target: Rational): Rational {
  return sub(div(mul(target, u.unit.students), resourceScale(id)), u.quantities[id]);
}

/**
 * The amount to add for `id` to reach `target`: whole teachers, or the school-level facility amount (whole
 * classrooms, m² and yuan rounded up to the hundredth). The same figure as grainCeil(unitGap / share),
 * worked in integers over one common denominator because the planner asks it 14 times per unit.
 */
export function amountFor(u: PlanUnit, id: ResourceIndicatorId, target: Rational): Rational {
  const q = u.quantities[id];
  const scale = resourceScale(id);
  // gap = target × students / scale − q  =  num / den
  let num = target.n * BigInt(u.unit.students) * q.d - scale * target.d * q.n;
  if (num <= 0n) return ZERO;
  let den = target.d * scale * q.d;
  if (isFacility(id)) {
    num *= u.share.d;
    den *= u.share.n;
  }
  if (wholeAmounts(id)) return { n: (num + den - 1n) / den, d: 1n };
  return rat((num * 100n + den - 1n) / den, 100n);
}

export function standardOf(id: ResourceIndicatorId, stage: CompulsoryStage, params: IndicatorParams): Rational {
  return fromDecimal(params.resourceStandards[id][stage]);
}

export function floorOf(id: ResourceIndicatorId, stage: CompulsoryStage, params: IndicatorParams): Rational {
  return mul(standardOf(id, stage, params), fromDecimal(params.floorShare));
}

/** Full-time teachers of the unit who could be made backbone without a hire. */
export function nonBackbone(u: PlanUnit): number {
  return Math.max(0, u.unit.teachers.fullTime - (u.unit.teachers.backbone ?? 0));
}

/** The B3 subjects a hire may take (pe, music, art that the policy counts), in that order. */
export function artsPeHireSubjects(params: IndicatorParams): ('pe' | 'music' | 'art')[] {
  return (['pe', 'music', 'art'] as const).filter((s) => params.artsPeSubjects.includes(s));
}

/**
 * n B3 hires spread over the subjects, each next hire to the subject with the fewest teachers so far
 * (the school's own counts when they are known; ties in the order pe, music, art).
 */
export function spreadSubjects(
  n: number,
  subjects: readonly ('pe' | 'music' | 'art')[],
  existing: Readonly<Record<string, number>> | null | undefined,
): Partial<Record<'pe' | 'music' | 'art', number>> {
  const out: Partial<Record<'pe' | 'music' | 'art', number>> = {};
  if (n <= 0 || subjects.length === 0) return out;
  const count = new Map(subjects.map((s) => [s, existing?.[s] ?? 0]));
  for (let i = 0; i < n; i++) {
    let pick = subjects[0] as 'pe' | 'music' | 'art';
    for (const s of subjects) if ((count.get(s) ?? 0) < (count.get(pick) ?? 0)) pick = s;
    count.set(pick, (count.get(pick) ?? 0) + 1);
    out[pick] = (out[pick] ?? 0) + 1;
  }
  return out;
}
