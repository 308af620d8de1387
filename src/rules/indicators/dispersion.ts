// Inter-school dispersion (docs/domain.md §4): student-weighted mean, population sd, cv = sd / mean.
//
// mean and variance are rational, so they are computed exactly; only sd and cv (square roots) are
// floating point, for display. The decision cv ≤ cvMax is made exactly as variance ≤ (cvMax · mean)².

import { add, div, fromDecimal, lte, mul, q, rat, sub, toFloat, toNumber, ZERO, type Exact, type Rational } from '../exact.js';
import type { IndicatorParams } from '../policies/indicator-params.js';
import type { CompulsoryStage } from '../vocabulary.js';
import { RESOURCE_INDICATOR_IDS, resourceQuantity, resourceScale, type ResourceIndicatorId } from './resource.js';
import type { AssessmentUnit } from './units.js';

export interface WeightedValue {
  /** P_i: students of the unit (must be > 0 to matter). */
  weight: Exact;
  /** X_i: the unit's value. */
  value: Exact;
}

export interface ExactMoments {
  count: number;
  totalWeight: Rational;
  /** Σ P_i·X_i / P */
  mean: Rational;
  /** Σ P_i·(X_i − mean)² / P (population form). */
  variance: Rational;
}

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Exact student-weighted mean and population variance; null when there is no positive weight. */
export function weightedMoments(points: readonly WeightedValue[]): ExactMoments | null {
  let p: Rational = ZERO;
  let sx: Rational = ZERO;
  let count = 0;
  for (const pt of points) {
    const w = q(pt.weight);
    if (w.n === 0n) continue;
    count++;
    p = add(p, w);
    sx = add(sx, mul(w, pt.value));
  }
  if (p.n <= 0n) return null;
  const mean = div(sx, p);
  // Two-pass form Σ P_i (X_i − mean)² keeps the numbers smaller than Σ P_i X_i² − P·mean².
  let ss: Rational = ZERO;
  for (const pt of points) {
    const w = q(pt.weight);
    if (w.n === 0n) continue;
    const dx = sub(pt.value, mean);
    ss = add(ss, mul(w, mul(dx, dx)));
  }
  return { count, totalWeight: p, mean, variance: div(ss, p) };
}

/**
 * The same exact moments for units of B1–B7, built for speed: X_i = scale · q_i / P_i (q_i the unit's
 * quantity, P_i its students). Σ P_i·X_i is scale · Σ q_i, with no division at all; Σ P_i·(X_i − mean)²
 * = Σ e_i² / (q_i.d² · P_i) / mean.d² with e_i = scale·q_i.n·mean.d − mean.n·q_i.d·P_i, summed *without*
 * reducing: its denominators differ from unit to unit and their lcm grows with each one, and a gcd of
 * ever longer numbers at every step was most of the cost of a county's dispersion figures. The variance
 * comes back unreduced, which every comparison (cross-multiplication) and display (toFloat) reads the
 * same way; the mean is reduced.
 */
export function unitMoments(points: readonly { students: number; quantity: Rational }[], scale: bigint): ExactMoments | null {
  let p = 0n;
  let qN = 0n;
  let qD = 1n;
  let count = 0;
  for (const pt of points) {
    if (pt.students <= 0) continue;
    count++;
    p += BigInt(pt.students);
    const x = pt.quantity;
    if (x.d === qD) qN += x.n;
    else if (qD % x.d === 0n) qN += x.n * (qD / x.d);
    else {
      qN = qN * x.d + x.n * qD;
      qD *= x.d;
    }
  }
  if (p <= 0n) return null;
  // reduced when that is cheap (safe integers); otherwise left as it is, like the variance
  const meanN = scale * qN;
  const meanD = qD * p;
  const mean = meanN <= SAFE && meanN >= -SAFE && meanD <= SAFE ? rat(meanN, meanD) : { n: meanN, d: meanD };
  let ssN = 0n;
  let ssD = 1n;
  for (const pt of points) {
    if (pt.students <= 0) continue;
    const x = pt.quantity;
    const students = BigInt(pt.students);
    const e = scale * x.n * mean.d - mean.n * x.d * students;
    if (e === 0n) continue;
    const td = x.d * x.d * students;
    if (td === ssD) ssN += e * e;
    else if (ssD % td === 0n) ssN += e * e * (ssD / td);
    else {
      ssN = ssN * td + e * e * ssD;
      ssD *= td;
    }
  }
  return { count, totalWeight: { n: p, d: 1n }, mean, variance: { n: ssN, d: ssD * mean.d * mean.d * p } };
}

/** cv ≤ cvMax exactly: variance ≤ (cvMax · mean)². null when mean ≤ 0 (cv not defined). */
export function cvAtMost(moments: ExactMoments, cvMax: Exact): boolean | null {
  const m = moments.mean;
  if (m.n <= 0n) return null;
  // variance ≤ (c · mean)², cross-multiplied (every denominator is positive): no fraction to reduce
  const c = q(cvMax);
  const v = moments.variance;
  const bn = c.n * m.n;
  const bd = c.d * m.d;
  return v.n * bd * bd <= bn * bn * v.d;
}

export interface DispersionFigures {
  units: number;
  students: number;
  mean: number;
  sd: number;
  /** null when the mean is 0. */
  cv: number | null;
}

/** Display figures (6 decimals) from exact moments. */
export function dispersionFigures(m: ExactMoments): DispersionFigures {
  const sd = Math.sqrt(toFloat(m.variance));
  const meanF = toFloat(m.mean);
  return {
    units: m.count,
    students: toNumber(m.totalWeight, 0),
    mean: toNumber(m.mean, 6),
    sd: round6(sd),
    cv: m.mean.n === 0n ? null : round6(sd / meanF),
  };
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

export interface DispersionResult {
  id: ResourceIndicatorId;
  stage: CompulsoryStage;
  rule: string;
  units: number;
  students: number;
  /**
   * Σ students × value over the units covered (= scale × the stage's total quantity), so that
   * mean = total / students can be checked by hand; null when the mean is.
   */
  total: number | null;
  mean: number | null;
  sd: number | null;
  cv: number | null;
  cvMax: number;
  /** cv ≤ cvMax, decided exactly; null when not assessable. */
  met: boolean | null;
  missing: string[];
  explanation: string;
}

/**
 * Dispersion of one of B1–B7 over the assessed units of one stage. Units that are not assessed (0
 * students, small teaching points) are left out; a unit whose value cannot be computed makes the figure
 * not assessable, naming the missing input.
 */
export function assessDispersion(
  units: readonly AssessmentUnit[],
  id: ResourceIndicatorId,
  stage: CompulsoryStage,
  params: IndicatorParams,
): DispersionResult {
  const cvMax = params.cvMax[stage];
  const base = { id, stage, rule: `docs/domain.md §4 ${id}`, cvMax };
  const points: { students: number; quantity: Rational }[] = [];
  const missing: string[] = [];
  for (const u of units) {
    if (u.stage !== stage || !u.assessed || u.students <= 0) continue;
    const quantity = resourceQuantity(u, id, params);
    if (quantity === null) missing.push(`${id} inputs of ${u.unitId}`);
    else points.push({ students: u.students, quantity });
  }
  const m = missing.length === 0 ? unitMoments(points, resourceScale(id)) : null;
  if (m === null) {
    const why = missing.length > 0 ? `missing ${missing.join(', ')}` : 'no assessed unit';
    return {
      ...base,
      units: points.length,
      students: points.reduce((a, p) => a + p.students, 0),
      total: null,
      mean: null,
      sd: null,
      cv: null,
      met: null,
      missing: missing.length > 0 ? missing : [`assessed ${stage} units`],
      explanation: `${id} ${stage} dispersion not assessable: ${why}`,
    };
  }
  const f = dispersionFigures(m);
  const met = cvAtMost(m, fromDecimal(cvMax));
  return {
    ...base,
    units: f.units,
    students: f.students,
    // mean × students = scale × Σ quantity: no division per unit
    total: toNumber(mul(m.mean, m.totalWeight), 4),
    mean: f.mean,
    sd: f.sd,
    cv: f.cv,
    met,
    missing: met === null ? [`a non-zero ${id} mean (all ${stage} units are 0)`] : [],
    explanation:
      met === null
        ? `${id} ${stage}: mean is 0 over ${f.units} units, cv not defined`
        : `${id} ${stage}: student-weighted over ${f.units} units (${f.students} students) mean ${f.mean}, sd ${f.sd}, cv ${f.cv} ${met ? '≤' : '>'} ${cvMax}`,
  };
}

export interface CompositeResult {
  stage: CompulsoryStage;
  /** Simple mean of the 7 cvs (display); null when any cv is missing. */
  cv: number | null;
  max: number;
  /** Informational (the 2012 rule); decided on the displayed 6-decimal cvs, since cvs are irrational. */
  met: boolean | null;
  explanation: string;
}

/** The composite (mean of the 7 cvs), informational. */
export function assessComposite(
  dispersion: Readonly<Record<ResourceIndicatorId, Pick<DispersionResult, 'cv'>>>,
  stage: CompulsoryStage,
  params: IndicatorParams,
): CompositeResult {
  const max = params.compositeCvMax[stage];
  const cvs = RESOURCE_INDICATOR_IDS.map((id) => dispersion[id].cv);
  if (cvs.some((c) => c === null)) {
    return { stage, cv: null, max, met: null, explanation: `composite ${stage}: not assessable, a cv is missing` };
  }
  // The 6-decimal cvs are summed exactly as decimals.
  let total: Rational = ZERO;
  for (const c of cvs) total = add(total, fromDecimal(c as number));
  const mean = div(total, cvs.length);
  const met = lte(mean, fromDecimal(max));
  return {
    stage,
    cv: toNumber(mean, 6),
    max,
    met,
    explanation: `composite ${stage}: mean of the 7 cvs ${toNumber(mean, 6)} ${met ? '≤' : '>'} ${max} (informational)`,
  };
}
