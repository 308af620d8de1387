// B1–B7 per assessment unit and the unit pass rule (docs/domain.md §3).

import {
  div,
  fromDecimal,
  gte,
  mul,
  q,
  sub,
  toNumber,
  type Rational,
} from '../exact.js';
import type { IndicatorParams } from '../policies/indicator-params.js';
import type { CompulsoryStage } from '../vocabulary.js';
import type { AssessmentUnit } from './units.js';

export const RESOURCE_INDICATOR_IDS = ['B1', 'B2', 'B3', 'B4', 'B5', 'B6', 'B7'] as const;
export type ResourceIndicatorId = (typeof RESOURCE_INDICATOR_IDS)[number];

export type ShortfallUnit = 'teachers' | 'm2' | 'yuan' | 'classrooms';

interface Definition {
  /** value = scale × quantity / students */
  scale: bigint;
  unit: ShortfallUnit;
  /** Whole things: the shortfall is rounded up to an integer; otherwise up to 0.01. */
  whole: boolean;
  quantityName: string;
}

const DEFINITIONS: Readonly<Record<ResourceIndicatorId, Definition>> = {
  B1: { scale: 100n, unit: 'teachers', whole: true, quantityName: 'full-time teachers above the required education level' },
  B2: { scale: 100n, unit: 'teachers', whole: true, quantityName: 'full-time backbone teachers (county level or higher)' },
  B3: { scale: 100n, unit: 'teachers', whole: true, quantityName: 'full-time PE, music and art teachers' },
  B4: { scale: 1n, unit: 'm2', whole: false, quantityName: 'm² of teaching and auxiliary rooms' },
  B5: { scale: 1n, unit: 'm2', whole: false, quantityName: 'm² of sports grounds and halls' },
  B6: { scale: 1n, unit: 'yuan', whole: false, quantityName: 'yuan of teaching equipment' },
  B7: { scale: 100n, unit: 'classrooms', whole: true, quantityName: 'networked multimedia classrooms' },
};

/** The unit's quantity for an indicator (teachers, m², yuan, classrooms), exact; null when not given. */
export function resourceQuantity(
  unit: Pick<AssessmentUnit, 'teachers' | 'facilities'>,
  id: ResourceIndicatorId,
  params: IndicatorParams,
): Rational | null {
  const t = unit.teachers;
  const f = unit.facilities;
  switch (id) {
    case 'B1':
      return t.qualified === null ? null : q(t.qualified);
    case 'B2':
      return t.backbone === null ? null : q(t.backbone);
    case 'B3':
      return t.artsPe === null ? null : q(t.artsPe);
    case 'B4':
      if (f === null) return null;
      return params.subtractIndoorSportsFromTeachingArea ? sub(f.teachingAreaM2, f.indoorSportsAreaM2) : f.teachingAreaM2;
    case 'B5':
      return f === null ? null : f.sportsAreaM2;
    case 'B6':
      return f === null ? null : f.equipmentValueYuan;
    case 'B7':
      return f === null ? null : f.multimediaClassrooms;
  }
}

/** value = scale × quantity / students: 100 for the "per hundred students" indicators, 1 otherwise. */
export function resourceScale(id: ResourceIndicatorId): bigint {
  return DEFINITIONS[id].scale;
}

/** The exact value of an indicator for a unit: scale × quantity / students; null when not computable. */
export function resourceValue(
  unit: Pick<AssessmentUnit, 'teachers' | 'facilities' | 'students'>,
  id: ResourceIndicatorId,
  params: IndicatorParams,
): Rational | null {
  const quantity = resourceQuantity(unit, id, params);
  if (quantity === null || unit.students <= 0) return null;
  return div(mul(quantity, DEFINITIONS[id].scale), unit.students);
}

export interface Shortfall {
  unit: ShortfallUnit;
  /** How many more teachers / m² / yuan / classrooms to meet the standard (0 when met). */
  toStandard: number;
  /** How many more to reach floorShare × standard (0 when already there). */
  toFloor: number;
}

export interface ResourceIndicatorResult {
  id: ResourceIndicatorId;
  stage: CompulsoryStage;
  /** Rule clause, e.g. "docs/domain.md §3 B1". */
  rule: string;
  /** Display value (4 decimals); null when an input is missing. */
  value: number | null;
  /** The quantity: teachers, m², yuan or classrooms (after apportioning); null when missing. */
  numerator: number | null;
  /** Students of the unit. */
  denominator: number;
  /** 100 for "per hundred students" indicators, 1 otherwise: value = scale × numerator / denominator. */
  scale: number;
  standard: number;
  /** floorShare × standard. */
  floor: number;
  met: boolean | null;
  atLeastFloor: boolean | null;
  /** value / standard (4 decimals). */
  ratioToStandard: number | null;
  /** Present when not met (and computable). */
  shortfall: Shortfall | null;
  missing: string[];
  explanation: string;
}

function display(r: Rational, d: Definition): number {
  return toNumber(r, d.unit === 'teachers' ? 0 : d.unit === 'classrooms' ? 4 : 2);
}

/** Amount of quantity to add so that scale × (quantity + x) / students ≥ target. */
function needed(target: Rational, quantity: Rational, students: number, d: Definition): number {
  // gap = target × students / scale − quantity, as one unreduced fraction (positive denominator): only its
  // sign and its ceiling (to a whole thing or to 0.01) are read, and neither needs it reduced
  const gapN = target.n * BigInt(students) * quantity.d - d.scale * target.d * quantity.n;
  if (gapN <= 0n) return 0;
  const gapD = target.d * d.scale * quantity.d;
  if (d.whole) return Number(ceilDiv(gapN, gapD));
  return Number(ceilDiv(gapN * 100n, gapD)) / 100;
}

/** ⌈n / d⌉ for n > 0, d > 0. */
function ceilDiv(n: bigint, d: bigint): bigint {
  const q = n / d;
  return q * d === n ? q : q + 1n;
}

const TEACHER_INPUT: Readonly<Record<'B1' | 'B2' | 'B3', string>> = {
  B1: 'teachers by education (byEducation or qualified)',
  B2: 'teachers by backbone level (byBackboneLevel or backbone)',
  B3: 'teachers by subject (bySubject or artsPe)',
};

function missingInputs(unit: { unitId: string; missing?: readonly string[] }, id: ResourceIndicatorId): string[] {
  if (id === 'B1' || id === 'B2' || id === 'B3') return [`${TEACHER_INPUT[id]} of ${unit.unitId}`];
  const named = (unit.missing ?? []).filter((m) => m.startsWith('facilities of '));
  return named.length > 0 ? named : [`facilities of ${unit.unitId}`];
}

interface Bounds {
  standard: Rational;
  floor: Rational;
  floorDisplay: number;
}

/** standard and floorShare × standard by their decimal figures: the same few pairs come back for every unit. */
const BOUNDS = new Map<string, Bounds>();

function boundsOf(standardFigure: number, floorShare: number): Bounds {
  const key = `${standardFigure}|${floorShare}`;
  let b = BOUNDS.get(key);
  if (b === undefined) {
    const standard = fromDecimal(standardFigure);
    const floor = mul(standard, fromDecimal(floorShare));
    b = { standard, floor, floorDisplay: toNumber(floor, 4) };
    if (BOUNDS.size >= 1024) BOUNDS.clear();
    BOUNDS.set(key, b);
  }
  return b;
}

/** One of B1–B7 for one unit, decided exactly. */
export function assessResourceIndicator(
  unit: Pick<AssessmentUnit, 'unitId' | 'stage' | 'students' | 'teachers' | 'facilities'> &
    Partial<Pick<AssessmentUnit, 'missing'>>,
  id: ResourceIndicatorId,
  params: IndicatorParams,
): ResourceIndicatorResult {
  const d = DEFINITIONS[id];
  const stage = unit.stage;
  const { standard, floor, floorDisplay } = boundsOf(params.resourceStandards[id][stage], params.floorShare);
  const quantity = resourceQuantity(unit, id, params);
  const base = {
    id,
    stage,
    rule: `docs/domain.md §3 ${id}`,
    denominator: unit.students,
    scale: Number(d.scale),
    standard: params.resourceStandards[id][stage],
    floor: floorDisplay,
  };
  if (quantity === null || unit.students <= 0) {
    const missing = quantity === null ? missingInputs(unit, id) : [];
    return {
      ...base,
      value: null,
      numerator: quantity === null ? null : display(quantity, d),
      met: null,
      atLeastFloor: null,
      ratioToStandard: null,
      shortfall: null,
      missing,
      explanation:
        quantity === null
          ? `${id} ${stage} of ${unit.unitId}: not computable, missing ${missing.join(', ')}`
          : `${id} ${stage} of ${unit.unitId}: not computable, 0 students`,
    };
  }
  // scale × quantity / students, left unreduced: comparisons cross-multiply and toNumber divides, so the
  // fraction need not be reduced (a gcd per figure was a large part of the cost of a county).
  const value: Rational = { n: quantity.n * d.scale, d: quantity.d * BigInt(unit.students) };
  const met = gte(value, standard);
  const atLeastFloor = gte(value, floor);
  const scaleText = d.scale === 1n ? '' : d.scale === 100n ? '100 × ' : `${d.scale} × `;
  const valueDisplay = toNumber(value, 4);
  const numerator = display(quantity, d);
  // One object literal of a fixed shape (a spread of `base` here made every result a slow, copied object).
  return {
    id,
    stage,
    rule: base.rule,
    denominator: unit.students,
    scale: base.scale,
    standard: base.standard,
    floor: floorDisplay,
    value: valueDisplay,
    numerator,
    met,
    atLeastFloor,
    ratioToStandard: standard.n === 0n ? null : toNumber({ n: value.n * standard.d, d: value.d * standard.n }, 4),
    shortfall: met
      ? null
      : { unit: d.unit, toStandard: needed(standard, quantity, unit.students, d), toFloor: needed(floor, quantity, unit.students, d) },
    missing: [],
    explanation:
      `${id} ${stage} of ${unit.unitId}: ${scaleText}${numerator} ${d.quantityName} / ${unit.students} students = ` +
      `${valueDisplay} ${met ? '≥' : '<'} ${base.standard}` +
      (met ? ': met' : `: not met, ${atLeastFloor ? 'at or above' : 'below'} the ${params.floorShare} floor ${base.floor}`),
  };
}

export interface UnitPassVerdict {
  metCount: number;
  /** Indicators not met and below floorShare × standard. */
  belowFloor: ResourceIndicatorId[];
  /** Indicators that could not be computed. */
  unknown: ResourceIndicatorId[];
  /** true/false when decided; null when missing inputs leave it open. */
  passes: boolean | null;
  explanation: string;
}

/**
 * The unit pass rule: at least minIndicatorsMet of the 7 meet their standard and every one that does not
 * is at least floorShare of it. With missing inputs the verdict is false if the known results already fail,
 * otherwise null.
 */
export function unitPasses(
  results: Readonly<Record<ResourceIndicatorId, Pick<ResourceIndicatorResult, 'met' | 'atLeastFloor'>>>,
  params: IndicatorParams,
): UnitPassVerdict {
  let metCount = 0;
  let notMet = 0;
  const belowFloor: ResourceIndicatorId[] = [];
  const unknown: ResourceIndicatorId[] = [];
  for (const id of RESOURCE_INDICATOR_IDS) {
    const r = results[id];
    if (r.met === null) unknown.push(id);
    else if (r.met) metCount++;
    else {
      notMet++;
      if (r.atLeastFloor === false) belowFloor.push(id);
    }
  }
  const total = RESOURCE_INDICATOR_IDS.length;
  const failsCount = total - notMet < params.minIndicatorsMet;
  let passes: boolean | null;
  if (belowFloor.length > 0 || failsCount) passes = false;
  else if (unknown.length > 0) passes = null;
  else passes = metCount >= params.minIndicatorsMet;
  const explanation =
    `${metCount} of ${total} met (need ${params.minIndicatorsMet})` +
    (belowFloor.length > 0 ? `; below the ${params.floorShare} floor: ${belowFloor.join(', ')}` : '') +
    (unknown.length > 0 ? `; not computable: ${unknown.join(', ')}` : '') +
    (passes === true ? ': passes' : passes === false ? ': fails' : ': undecided');
  return { metCount, belowFloor, unknown, passes, explanation };
}

export interface UnitResourceResult {
  unitId: string;
  schoolCode: string;
  kind: AssessmentUnit['kind'];
  stage: CompulsoryStage;
  students: number;
  assessed: boolean;
  notAssessedReason?: string;
  /** Schools whose figures the unit holds (the school, plus merged teaching points). */
  memberSchools: string[];
  /** null when the unit has no students. */
  indicators: Record<ResourceIndicatorId, ResourceIndicatorResult> | null;
  metCount: number;
  belowFloor: ResourceIndicatorId[];
  /** null when not assessed or undecided for missing inputs. */
  passes: boolean | null;
  missing: string[];
  explanation: string;
}

/** B1–B7 and the pass rule for one unit. */
export function assessUnit(unit: AssessmentUnit, params: IndicatorParams): UnitResourceResult {
  // One literal of a fixed shape per unit: spreading a shared header object was the hot spot at
  // province scale. The optional reason is added afterwards only when there is one.
  const withReason = (result: UnitResourceResult): UnitResourceResult => {
    if (unit.notAssessedReason !== undefined) result.notAssessedReason = unit.notAssessedReason;
    return result;
  };
  const memberSchools = unit.contributions.map((c) => c.schoolCode);
  if (unit.students <= 0) {
    return withReason({
      unitId: unit.unitId,
      schoolCode: unit.schoolCode,
      kind: unit.kind,
      stage: unit.stage,
      students: unit.students,
      assessed: unit.assessed,
      memberSchools,
      indicators: null,
      metCount: 0,
      belowFloor: [],
      passes: null,
      missing: [...unit.missing],
      explanation: `${unit.explanation}; not assessed: ${unit.notAssessedReason ?? '0 students'}`,
    });
  }
  const indicators = {} as Record<ResourceIndicatorId, ResourceIndicatorResult>;
  const missing = new Set<string>(unit.missing);
  for (const id of RESOURCE_INDICATOR_IDS) {
    const r = assessResourceIndicator(unit, id, params);
    indicators[id] = r;
    for (const m of r.missing) missing.add(m);
  }
  const verdict = unitPasses(indicators, params);
  return withReason({
    unitId: unit.unitId,
    schoolCode: unit.schoolCode,
    kind: unit.kind,
    stage: unit.stage,
    students: unit.students,
    assessed: unit.assessed,
    memberSchools,
    indicators,
    metCount: verdict.metCount,
    belowFloor: verdict.belowFloor,
    passes: unit.assessed ? verdict.passes : null,
    missing: [...missing],
    explanation: unit.assessed
      ? `${unit.explanation}; ${verdict.explanation}`
      : `${unit.explanation}; not assessed: ${unit.notAssessedReason ?? ''} (${verdict.explanation})`,
  });
}
