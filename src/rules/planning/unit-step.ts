// The least-cost option of every assessed unit (docs/planning.md §3). A unit passes with every indicator
// at its standard, or with all but (7 − minIndicatorsMet) of them at standard and those at the floor; each
// such choice is an option, costed exactly. Units whose facilities land on the same school (the two units
// of a nine-year school) are chosen together: a school-level addition serves both through the
// apportionment, so the school adds the larger of the two amounts and both units are scored with it.

import { gt, toNumber, ZERO, type Rational } from '../exact.js';
import { RESOURCE_INDICATOR_IDS, resourceValue, type ResourceIndicatorId } from '../indicators/resource.js';
import type { SchoolInput } from '../indicators/inputs.js';
import type { IndicatorParams } from '../policies/indicator-params.js';
import type { PlanAction } from './actions.js';
import type { PlanCosts } from './costs.js';
import { partialShare, type UnitFigure } from './reason.js';
import {
  FACILITY_ACTION,
  FACILITY_INDICATORS,
  amountFor,
  artsPeHireSubjects,
  floorOf,
  nonBackbone,
  spreadSubjects,
  standardOf,
  type FacilityIndicator,
  type PlanUnit,
} from './needs.js';

/** One option: the indicators left at their floor (empty: every indicator to its standard). */
export type UnitOption = readonly ResourceIndicatorId[];

/** `all`, or the indicators left at the floor joined with `+` (`B4`, `B4+B6`). */
export const optionName = (o: UnitOption): string => (o.length === 0 ? 'all' : o.join('+'));

/** The options of a unit: every indicator at standard, then each set of (7 − minIndicatorsMet) left at the floor. */
export function unitOptions(params: IndicatorParams): UnitOption[] {
  const k = Math.max(0, Math.min(RESOURCE_INDICATOR_IDS.length, RESOURCE_INDICATOR_IDS.length - params.minIndicatorsMet));
  const out: UnitOption[] = [[]];
  const pick = (start: number, chosen: ResourceIndicatorId[]) => {
    if (chosen.length === k) {
      if (k > 0) out.push([...chosen]);
      return;
    }
    for (let i = start; i < RESOURCE_INDICATOR_IDS.length; i++) pick(i + 1, [...chosen, RESOURCE_INDICATOR_IDS[i] as ResourceIndicatorId]);
  };
  pick(0, []);
  return out;
}

/** What an option asks of one unit. */
interface UnitNeed {
  option: UnitOption;
  /** Teachers to reach B1's target, B3's target; designations for B2. */
  b1: number;
  b3: number;
  designations: number;
  /** Hires: max(B1, B3, designations beyond the non-backbone teachers). */
  hires: number;
  /** School-level amounts for B4–B7. */
  facilities: Record<FacilityIndicator, Rational>;
  /** B3 hires by subject. */
  subjects: Partial<Record<'pe' | 'music' | 'art', number>>;
}

/** A unit's amounts for every indicator at its standard and at its floor: what each option reads. */
interface UnitAmounts {
  standard: Record<ResourceIndicatorId, Rational>;
  floor: Record<ResourceIndicatorId, Rational>;
}

function amountsOf(u: PlanUnit, params: IndicatorParams): UnitAmounts {
  const standard = {} as Record<ResourceIndicatorId, Rational>;
  const floor = {} as Record<ResourceIndicatorId, Rational>;
  for (const id of RESOURCE_INDICATOR_IDS) {
    standard[id] = amountFor(u, id, standardOf(id, u.stage, params));
    // nothing to add for the standard means nothing for the floor below it
    floor[id] = gt(standard[id], ZERO) ? amountFor(u, id, floorOf(id, u.stage, params)) : ZERO;
  }
  return { standard, floor };
}

/** B3 hires by subject for a number of hires: the options of a unit ask for at most two numbers, so each is spread once. */
type Spread = (n: number) => Partial<Record<'pe' | 'music' | 'art', number>>;

function spreader(params: IndicatorParams, existingSubjects: Readonly<Record<string, number>> | null | undefined): Spread {
  const subjects = artsPeHireSubjects(params);
  const memo = new Map<number, Partial<Record<'pe' | 'music' | 'art', number>>>();
  return (n) => {
    let out = memo.get(n);
    if (!out) memo.set(n, (out = spreadSubjects(n, subjects, existingSubjects)));
    return out;
  };
}

/** The amount an option asks for one indicator: at the floor when the option leaves it there. */
function optionAmount(amounts: UnitAmounts, option: UnitOption, id: ResourceIndicatorId): Rational {
  return option.includes(id) ? amounts.floor[id] : amounts.standard[id];
}

function needOf(u: PlanUnit, amounts: UnitAmounts, option: UnitOption, spread: Spread): UnitNeed {
  // teacher amounts are whole numbers (denominator 1)
  const b1 = Number(optionAmount(amounts, option, 'B1').n);
  const b3 = Number(optionAmount(amounts, option, 'B3').n);
  const designations = Number(optionAmount(amounts, option, 'B2').n);
  const hires = Math.max(b1, b3, designations - nonBackbone(u));
  const facilities = {
    B4: optionAmount(amounts, option, 'B4'),
    B5: optionAmount(amounts, option, 'B5'),
    B6: optionAmount(amounts, option, 'B6'),
    B7: optionAmount(amounts, option, 'B7'),
  };
  return { option, b1, b3, designations, hires, facilities, subjects: spread(b3) };
}

/** The option asks nothing of the unit: no hire, no designation, no facility. */
const needsNothing = (n: UnitNeed): boolean => n.hires === 0 && n.designations === 0 && FACILITY_INDICATORS.every((f) => !gt(n.facilities[f], ZERO));

/**
 * Options are compared in integers: quantities in hundredths (teachers and rooms are whole) times unit
 * costs in fen, both exact because planCosts holds yuan with at most 2 decimals. Exact like the rationals
 * and much cheaper over every combination of a nine-year school's 64.
 */
const fenOf = (c: Rational | null): bigint => (c === null ? 0n : (c.n * 100n) / c.d);
const hundredthsOf = (r: Rational): bigint => (r.n * 100n) / r.d;

function teacherActionCount(n: UnitNeed): number {
  return Object.values(n.subjects).filter((v) => (v ?? 0) > 0).length + (n.hires - n.b3 > 0 ? 1 : 0) + (n.designations > 0 ? 1 : 0);
}

/** A need in the integers the scoring adds up. */
interface Priced {
  need: UnitNeed;
  teacherCost: bigint;
  teacherActions: number;
  facilities: Record<FacilityIndicator, bigint>;
}

/** Unit costs in fen, read once per step. */
interface FenCosts {
  hire: bigint;
  designate: bigint;
  facility: Record<FacilityIndicator, bigint>;
}

function fenCosts(costs: PlanCosts): FenCosts {
  return {
    hire: fenOf(costs.hire_teachers),
    designate: fenOf(costs.designate_backbone),
    facility: {
      B4: fenOf(costs[FACILITY_ACTION.B4]),
      B5: fenOf(costs[FACILITY_ACTION.B5]),
      B6: fenOf(costs[FACILITY_ACTION.B6]),
      B7: fenOf(costs[FACILITY_ACTION.B7]),
    },
  };
}

function pricedNeed(n: UnitNeed, fen: FenCosts): Priced {
  return {
    need: n,
    teacherCost: (BigInt(n.hires) * fen.hire + BigInt(n.designations) * fen.designate) * 100n,
    teacherActions: teacherActionCount(n),
    facilities: {
      B4: hundredthsOf(n.facilities.B4),
      B5: hundredthsOf(n.facilities.B5),
      B6: hundredthsOf(n.facilities.B6),
      B7: hundredthsOf(n.facilities.B7),
    },
  };
}

interface Scored {
  picks: readonly Priced[];
  /** School-level facility amounts, in hundredths. */
  facilities: Record<FacilityIndicator, bigint>;
  /** In hundredths of a fen. */
  cost: bigint;
  actionCount: number;
}

function score(picks: readonly Priced[], fen: FenCosts): Scored {
  let cost = 0n;
  let actionCount = 0;
  const facilities = { B4: 0n, B5: 0n, B6: 0n, B7: 0n };
  for (const n of picks) {
    cost += n.teacherCost;
    actionCount += n.teacherActions;
    for (const f of FACILITY_INDICATORS) if (n.facilities[f] > facilities[f]) facilities[f] = n.facilities[f];
  }
  for (const f of FACILITY_INDICATORS) {
    if (facilities[f] === 0n) continue;
    cost += facilities[f] * fen.facility[f];
    actionCount++;
  }
  return { picks, facilities, cost, actionCount };
}

/** Cheaper; then fewer actions; then, unit by unit, the lower indicators left at the floor ('' for none sorts first). */
function better(a: Scored, b: Scored): boolean {
  if (a.cost !== b.cost) return a.cost < b.cost;
  if (a.actionCount !== b.actionCount) return a.actionCount < b.actionCount;
  for (let i = 0; i < a.picks.length; i++) {
    const x = (a.picks[i] as Priced).need.option.join('+');
    const y = (b.picks[i] as Priced).need.option.join('+');
    if (x !== y) return x < y;
  }
  return false;
}

/** The chosen option of one unit. */
export interface UnitChoice {
  unitId: string;
  schoolCode: string;
  stage: PlanUnit['stage'];
  option: string;
  leftAtFloor: ResourceIndicatorId[];
  /** Options considered for the unit (8 under the 6-of-7 rule). */
  optionsConsidered: number;
}

export interface UnitStepResult {
  actions: PlanAction[];
  choices: UnitChoice[];
}

/** The unit's value on `id` now and the target its option sets: the figure an action answers. */
function unitFigure(u: PlanUnit, id: ResourceIndicatorId, option: UnitOption, params: IndicatorParams): UnitFigure {
  const value = resourceValue(u.unit, id, params);
  return {
    indicator: id,
    stage: u.stage,
    unitId: u.unit.unitId,
    value: value === null ? null : toNumber(value, 4),
    target: option.includes(id)
      ? { to: 'floor', floorShare: params.floorShare, floor: toNumber(floorOf(id, u.stage, params), 4) }
      : { to: 'standard', standard: params.resourceStandards[id][u.stage] },
  };
}

/**
 * Chooses every unit's least-cost option and returns the actions. `units` are the assessed units to plan;
 * `schools` give the subject counts that spread B3 hires. Ties: fewer actions, then the lowest indicator
 * left at the floor (every indicator at standard first).
 */
export function unitStep(units: readonly PlanUnit[], schools: readonly SchoolInput[], params: IndicatorParams, costs: PlanCosts): UnitStepResult {
  const bySchool = new Map(schools.map((s) => [s.schoolCode, s]));
  const groups = new Map<string, PlanUnit[]>();
  for (const u of units) {
    let g = groups.get(u.facilitySchool);
    if (!g) groups.set(u.facilitySchool, (g = []));
    g.push(u);
  }
  const options = unitOptions(params);
  const fen = fenCosts(costs);
  const actions: PlanAction[] = [];
  const choices: UnitChoice[] = [];
  for (const [facilitySchool, group] of groups) {
    const perUnit = group.map((u) => {
      const subjects = bySchool.get(u.schoolCode)?.stages[u.stage]?.teachers?.bySubject;
      const amounts = amountsOf(u, params);
      const spread = spreader(params, subjects);
      return options.map((o) => pricedNeed(needOf(u, amounts, o, spread), fen));
    });
    let best: Scored | null = null;
    const pickIndex = group.map(() => 0);
    // When every unit already meets every standard, "all" costs nothing with no action and wins every
    // tie; otherwise every combination of the units' options (8 × 8 at most for a nine-year school).
    const settled = perUnit.every((needs) => needsNothing((needs[0] as Priced).need));
    if (settled) best = score(perUnit.map((needs) => needs[0] as Priced), fen);
    while (!settled) {
      const s = score(
        pickIndex.map((i, j) => (perUnit[j] as Priced[])[i] as Priced),
        fen,
      );
      if (best === null || better(s, best)) best = s;
      let j = 0;
      while (j < pickIndex.length && (pickIndex[j] as number) + 1 >= options.length) pickIndex[j++] = 0;
      if (j === pickIndex.length) break;
      pickIndex[j] = (pickIndex[j] as number) + 1;
    }
    const chosen = best as Scored;
    group.forEach((u, j) => {
      const n = (chosen.picks[j] as Priced).need;
      choices.push({
        unitId: u.unit.unitId,
        schoolCode: u.schoolCode,
        stage: u.stage,
        option: optionName(n.option),
        leftAtFloor: [...n.option],
        optionsConsidered: options.length,
      });
      actions.push(...teacherActions(u, n, params));
    });
    for (const f of FACILITY_INDICATORS) {
      const hundredths = chosen.facilities[f];
      if (hundredths === 0n) continue;
      const served = group
        .map((u, j) => ({ u, n: (chosen.picks[j] as Priced).need }))
        .filter(({ n }) => gt(n.facilities[f], ZERO))
        .map(({ u, n }) => ({ figure: unitFigure(u, f, n.option, params), share: partialShare(u.share) }));
      actions.push({
        schoolCode: facilitySchool,
        action: FACILITY_ACTION[f],
        quantity: Number(hundredths) / 100,
        unit: f === 'B7' ? 'classrooms' : f === 'B6' ? 'yuan' : 'm2',
        indicators: [f],
        reasons: [{ kind: 'unit_facility', indicator: f, units: served }],
      });
    }
  }
  return { actions, choices };
}

function teacherActions(u: PlanUnit, n: UnitNeed, params: IndicatorParams): PlanAction[] {
  const out: PlanAction[] = [];
  const level = params.qualifiedEducationMin[u.stage];
  const base = { schoolCode: u.schoolCode, stage: u.stage } as const;
  for (const subject of ['pe', 'music', 'art'] as const) {
    const k = n.subjects[subject] ?? 0;
    if (k === 0) continue;
    out.push({
      ...base,
      action: 'hire_teachers',
      subject,
      quantity: k,
      unit: 'teachers',
      indicators: n.b1 > 0 ? ['B1', 'B3'] : ['B3'],
      reasons: [{ kind: 'arts_pe_hire', figure: unitFigure(u, 'B3', n.option, params), hires: n.b3, subject, count: k, education: level }],
    });
  }
  const other = n.hires - n.b3;
  if (other > 0) {
    const forDesignations = n.designations - nonBackbone(u);
    const forB1 = n.b1 > n.b3;
    const forB2 = forDesignations > Math.max(n.b1, n.b3);
    out.push({
      ...base,
      action: 'hire_teachers',
      subject: 'other',
      quantity: other,
      unit: 'teachers',
      indicators: [...(forB1 ? ['B1'] : []), ...(forB2 ? ['B2'] : [])],
      reasons: [
        {
          kind: 'unit_hire',
          qualified: forB1 ? { figure: unitFigure(u, 'B1', n.option, params), hires: n.b1, education: level } : null,
          backbone: forB2 ? { designations: n.designations, nonBackbone: nonBackbone(u) } : null,
          artsPeHires: n.b3,
        },
      ],
    });
  }
  if (n.designations > 0) {
    out.push({
      ...base,
      action: 'designate_backbone',
      quantity: n.designations,
      unit: 'teachers',
      indicators: ['B2'],
      reasons: [{ kind: 'designation', figure: unitFigure(u, 'B2', n.option, params), count: n.designations }],
    });
  }
  return out;
}
