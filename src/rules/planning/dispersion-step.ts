// The dispersion step (docs/planning.md §3): for a stage and indicator whose cv is still above its limit
// once every unit passes, raise the lowest units to a common level L, with the least L that brings the
// cv within the limit once each addition is rounded to its grain (whole teachers and classrooms, m² and
// yuan to the hundredth, a school-level facility amount split by the apportionment).
//
// Why a common level: for a fixed total addition A the mean is fixed, and the variance Σ P_i (X_i − mean)²
// is least when the additions go to the lowest values up to a common level (the water-filling solution
// of a convex problem); as A grows that least cv falls. So no plan adds less than the water-filling total
// at the least feasible level. A level L_lo at which even exact water-filling fails proves a lower bound:
// every feasible plan adds more than A(L_lo). When the rounded plan's total is the least multiple of the
// grain above that bound, the step is proved minimal; otherwise the gap is reported.

import { add, div, floor, fromDecimal, gt, mul, rat, sub, toFloat, toNumber, ZERO, type Rational } from '../exact.js';
import { cvAtMost, unitMoments } from '../indicators/dispersion.js';
import type { SchoolInput } from '../indicators/inputs.js';
import { resourceScale, type ResourceIndicatorId } from '../indicators/resource.js';
import type { IndicatorParams } from '../policies/indicator-params.js';
import type { CompulsoryStage } from '../vocabulary.js';
import type { ActionUnit, PlanAction } from './actions.js';
import { FACILITY_ACTION, artsPeHireSubjects, grainCeil, isFacility, nonBackbone, spreadSubjects, wholeAmounts, type PlanUnit } from './needs.js';
import { partialShare, type DispersionReason } from './reason.js';

export interface DispersionStepResult {
  stage: CompulsoryStage;
  indicator: ResourceIndicatorId;
  cvMax: number;
  /** cv before and after the step (display, 6 decimals). */
  cvBefore: number | null;
  cvAfter: number | null;
  /** The common level the lowest units are raised to (value units of the indicator). */
  level: number;
  unitsRaised: number;
  /** Total added: teachers (B1–B3), m² (B4, B5), yuan (B6), classrooms (B7); school-level amounts. */
  added: number;
  unit: ActionUnit;
  /** Every plan that brings this cv within its limit adds more than this (unit-level, exact water-filling). */
  lowerBound: number;
  /** The added total is the least one possible in its grain given the bound. */
  provedMinimal: boolean;
  /** 1 for the first pass over the stages and indicators; later passes fix what earlier steps moved. */
  round: number;
  explanation: string;
}

const UNIT_OF: Readonly<Record<ResourceIndicatorId, ActionUnit>> = {
  B1: 'teachers',
  B2: 'teachers',
  B3: 'teachers',
  B4: 'm2',
  B5: 'm2',
  B6: 'yuan',
  B7: 'classrooms',
};

/** value = scale × quantity / students */
const unitValue = (u: PlanUnit, id: ResourceIndicatorId, quantity: Rational): Rational =>
  div(mul(quantity, resourceScale(id)), u.unit.students);

/** A level read from a float bisection, as an exact rational with 9 decimals. */
const levelOf = (x: number): Rational => rat(BigInt(Math.round(x * 1e9)), 1_000_000_000n);

interface Raise {
  /** School-level amount (teachers at the unit; facilities at its facility school). */
  amount: Rational;
  quantity: Rational;
}

/** Each unit's addition to reach `level`, rounded to the grain, and its quantity after it. */
function raisedAt(units: readonly PlanUnit[], id: ResourceIndicatorId, level: Rational): Raise[] {
  return units.map((u) => {
    const q0 = u.quantities[id];
    const gap = sub(div(mul(level, u.unit.students), resourceScale(id)), q0);
    if (!gt(gap, ZERO)) return { amount: ZERO, quantity: q0 };
    const amount = grainCeil(isFacility(id) ? div(gap, u.share) : gap, id);
    return { amount, quantity: add(q0, isFacility(id) ? mul(amount, u.share) : amount) };
  });
}

/**
 * Each unit's addition was rounded up to the grain on its own, so together they may overshoot by up to a
 * grain per unit: give back one grain per unit, largest additions first, wherever the cv stays within limit.
 */
function trim(units: readonly PlanUnit[], id: ResourceIndicatorId, raises: Raise[], cvMax: Rational): void {
  const grain: Rational = wholeAmounts(id) ? rat(1) : rat(1, 100);
  const order = raises
    .map((r, i) => ({ r, i }))
    .filter(({ r }) => gt(r.amount, ZERO))
    .sort((a, b) => (gt(a.r.amount, b.r.amount) ? -1 : gt(b.r.amount, a.r.amount) ? 1 : a.i - b.i));
  for (const { i } of order) {
    const u = units[i] as PlanUnit;
    const r = raises[i] as Raise;
    const amount = sub(r.amount, grain);
    const quantity = add(u.quantities[id], isFacility(id) ? mul(amount, u.share) : amount);
    const trial = raises.map((x, j) => (j === i ? quantity : x.quantity));
    if (feasible(units, id, trial, cvMax)) raises[i] = { amount, quantity };
  }
}

/** Exact water-filling at `level`: quantities max(q_i, level × P_i / scale), and the total added. */
function exactAt(units: readonly PlanUnit[], id: ResourceIndicatorId, level: Rational): { quantities: Rational[]; added: Rational } {
  let added: Rational = ZERO;
  const quantities = units.map((u) => {
    const q0 = u.quantities[id];
    const target = div(mul(level, u.unit.students), resourceScale(id));
    if (!gt(target, q0)) return q0;
    added = add(added, sub(target, q0));
    return target;
  });
  return { quantities, added };
}

function feasible(units: readonly PlanUnit[], id: ResourceIndicatorId, quantities: readonly Rational[], cvMax: Rational): boolean {
  const m = unitMoments(
    units.map((u, i) => ({ students: u.unit.students, quantity: quantities[i] as Rational })),
    resourceScale(id),
  );
  return m !== null && cvAtMost(m, cvMax) === true;
}

function cvDisplay(units: readonly PlanUnit[], id: ResourceIndicatorId, quantities: readonly Rational[]): number | null {
  const m = unitMoments(
    units.map((u, i) => ({ students: u.unit.students, quantity: quantities[i] as Rational })),
    resourceScale(id),
  );
  if (m === null || m.mean.n === 0n) return null;
  return Math.round((Math.sqrt(toFloat(m.variance)) / toFloat(m.mean)) * 1e6) / 1e6;
}

/**
 * One dispersion step over the assessed units of a stage; null when the cv already meets its limit (or
 * is not defined). The actions raise the lowest units; B2 designations beyond a unit's non-backbone
 * teachers come with hires.
 */
export function dispersionStep(
  units: readonly PlanUnit[],
  id: ResourceIndicatorId,
  stage: CompulsoryStage,
  schools: readonly SchoolInput[],
  params: IndicatorParams,
  round: number,
): { actions: PlanAction[]; result: DispersionStepResult } | null {
  if (units.length === 0) return null;
  const cvMax = fromDecimal(params.cvMax[stage]);
  const now = units.map((u) => u.quantities[id]);
  if (feasible(units, id, now, cvMax)) return null;
  const values = units.map((u) => toFloat(unitValue(u, id, u.quantities[id])));
  const lowest = Math.min(...values);
  const highest = Math.max(...values);
  if (!(highest > 0)) return null; // every unit at 0: the cv is not defined, and the unit step fills that in

  // least feasible level once rounded: raising everyone to the highest value (or a little above, after
  // rounding) leaves almost no spread; widen until feasible, then bisect
  let hi = highest;
  let guard = 0;
  while (!feasible(units, id, raisedAt(units, id, levelOf(hi)).map((r) => r.quantity), cvMax) && guard++ < 40) hi *= 1.25;
  let lo = lowest;
  for (let i = 0; i < 60 && hi - lo > Math.max(1e-9, hi * 1e-12); i++) {
    const mid = (lo + hi) / 2;
    if (feasible(units, id, raisedAt(units, id, levelOf(mid)).map((r) => r.quantity), cvMax)) hi = mid;
    else lo = mid;
  }
  const level = levelOf(hi);
  const raises = raisedAt(units, id, level);
  trim(units, id, raises, cvMax);

  // the proof: the highest level at which exact water-filling still fails
  let cLo = lowest;
  let cHi = highest;
  for (let i = 0; i < 60 && cHi - cLo > Math.max(1e-9, cHi * 1e-12); i++) {
    const mid = (cLo + cHi) / 2;
    if (feasible(units, id, exactAt(units, id, levelOf(mid)).quantities, cvMax)) cHi = mid;
    else cLo = mid;
  }
  let boundLevel = levelOf(cLo);
  if (feasible(units, id, exactAt(units, id, boundLevel).quantities, cvMax)) boundLevel = levelOf(lowest);
  const bound = exactAt(units, id, boundLevel).added;

  const actions: PlanAction[] = [];
  let total: Rational = ZERO;
  let extraHires = false;
  let raised = 0;
  const levelText = toNumber(level, 4);
  units.forEach((u, i) => {
    const r = raises[i] as Raise;
    if (!gt(r.amount, ZERO)) return;
    raised++;
    total = add(total, r.amount);
    const why: DispersionReason = {
      kind: 'dispersion',
      stage,
      indicator: id,
      cvMax: params.cvMax[stage],
      level: levelText,
      unitId: u.unit.unitId,
      from: toNumber(unitValue(u, id, u.quantities[id]), 4),
      hiredForBackbone: null,
      share: null,
    };
    const n = Number(r.amount.n / r.amount.d);
    if (id === 'B1') {
      actions.push({ schoolCode: u.schoolCode, stage, action: 'hire_teachers', subject: 'other', quantity: n, unit: 'teachers', indicators: ['B1'], reasons: [why] });
    } else if (id === 'B3') {
      const subjects = artsPeHireSubjects(params);
      const spread = spreadSubjects(n, subjects, schools.find((s) => s.schoolCode === u.schoolCode)?.stages[stage]?.teachers?.bySubject);
      for (const subject of subjects) {
        const k = spread[subject] ?? 0;
        if (k > 0) actions.push({ schoolCode: u.schoolCode, stage, action: 'hire_teachers', subject, quantity: k, unit: 'teachers', indicators: ['B1', 'B3'], reasons: [why] });
      }
    } else if (id === 'B2') {
      const short = n - nonBackbone(u);
      if (short > 0) {
        extraHires = true;
        actions.push({
          schoolCode: u.schoolCode,
          stage,
          action: 'hire_teachers',
          subject: 'other',
          quantity: short,
          unit: 'teachers',
          indicators: ['B2'],
          reasons: [{ ...why, hiredForBackbone: { nonBackbone: nonBackbone(u), hired: short } }],
        });
      }
      actions.push({ schoolCode: u.schoolCode, stage, action: 'designate_backbone', quantity: n, unit: 'teachers', indicators: ['B2'], reasons: [why] });
    } else {
      actions.push({
        schoolCode: u.facilitySchool,
        action: FACILITY_ACTION[id as 'B4' | 'B5' | 'B6' | 'B7'],
        quantity: toNumber(r.amount, wholeAmounts(id) ? 0 : 2),
        unit: UNIT_OF[id],
        indicators: [id],
        reasons: [{ ...why, share: partialShare(u.share) }],
      });
    }
  });

  // proved minimal: the total is the least multiple of the grain above the bound
  const grain: Rational = wholeAmounts(id) ? rat(1) : rat(1, 100);
  const leastAbove = mul(add(floor(div(bound, grain)), 1n), grain);
  const provedMinimal = !extraHires && !gt(total, leastAbove);
  const result: DispersionStepResult = {
    stage,
    indicator: id,
    cvMax: params.cvMax[stage],
    cvBefore: cvDisplay(units, id, now),
    cvAfter: cvDisplay(units, id, raises.map((r) => r.quantity)),
    level: levelText,
    unitsRaised: raised,
    added: toNumber(total, wholeAmounts(id) ? 0 : 2),
    unit: UNIT_OF[id],
    lowerBound: toNumber(bound, 4),
    provedMinimal,
    round,
    explanation:
      `${id} ${stage}: ${raised} unit(s) raised to ${levelText}, adding ${toNumber(total, 2)} ${UNIT_OF[id]}; every plan that meets the ` +
      `cv limit adds more than ${toNumber(bound, 4)}` +
      (provedMinimal ? ', so this total is the least possible in its grain' : extraHires ? '; designations needed hires, so minimality is not proved' : '; minimality is not proved'),
  };
  return { actions, result };
}
