// Differences between two years' figures. A figure is compared as the service answers it (a count, an
// area or rate with a few decimals, yuan with at most 2): `to − from` is computed on the decimal text of
// both numbers with integers, never as a floating-point subtraction, so 0.3 − 0.1 is 0.2 and not
// 0.19999999999999998, and a figure that did not change has a delta of exactly 0.

import { fenToYuan, sumFen, yuanToFen } from '../funding/money.js';

/** A number as an integer and a count of decimal places: value = units / 10^places. */
interface Decimal {
  units: bigint;
  places: number;
}

const NUMBER_TEXT = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/;

/** The shortest decimal text of a finite number, read exactly (String(n) round-trips to n). */
function decimalOf(n: number): Decimal {
  if (!Number.isFinite(n)) throw new RangeError(`a figure must be finite, got ${String(n)}`);
  const m = NUMBER_TEXT.exec(String(n));
  if (!m) throw new RangeError(`unexpected number text ${String(n)}`);
  const fraction = m[3] ?? '';
  const exponent = Number(m[4] ?? '0');
  let units = BigInt(`${m[2]}${fraction}`);
  let places = fraction.length - exponent;
  if (places < 0) {
    units *= 10n ** BigInt(-places);
    places = 0;
  }
  return { units: m[1] === '-' ? -units : units, places };
}

function textOf(d: Decimal): string {
  const negative = d.units < 0n;
  const digits = (negative ? -d.units : d.units).toString().padStart(d.places + 1, '0');
  const whole = digits.slice(0, digits.length - d.places);
  const fraction = d.places > 0 ? `.${digits.slice(digits.length - d.places)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/** `to − from`, exact on the decimal figures; the JSON number prints as the exact decimal difference. */
export function decimalDelta(from: number, to: number): number {
  const a = decimalOf(from);
  const b = decimalOf(to);
  const places = Math.max(a.places, b.places);
  const scale = (d: Decimal) => d.units * 10n ** BigInt(places - d.places);
  const difference = Number(textOf({ units: scale(b) - scale(a), places }));
  return Object.is(difference, -0) ? 0 : difference;
}

/** A figure in two years; null on a side where it has no value (then there is no delta). */
export interface NumberChange {
  from: number | null;
  to: number | null;
  delta: number | null;
}

export function numberChange(from: number | null | undefined, to: number | null | undefined): NumberChange {
  const f = from ?? null;
  const t = to ?? null;
  return { from: f, to: t, delta: f === null || t === null ? null : decimalDelta(f, t) };
}

/** Yuan in two years: the delta is taken in integer fen (docs/domain.md §1.8), then shown in yuan. */
export function yuanChange(from: number | null | undefined, to: number | null | undefined): NumberChange {
  const f = from ?? null;
  const t = to ?? null;
  return { from: f, to: t, delta: f === null || t === null ? null : fenToYuan(sumFen([yuanToFen(t), -yuanToFen(f)])) };
}

/** A verdict in two years (a status or a pass flag); null on a side where there is none. */
export interface VerdictChange<T> {
  from: T | null;
  to: T | null;
  changed: boolean;
}

export function verdictChange<T extends string | boolean>(from: T | null | undefined, to: T | null | undefined): VerdictChange<T> {
  const f = from ?? null;
  const t = to ?? null;
  return { from: f, to: t, changed: f !== t };
}

export type Figures = Readonly<Record<string, number | null>>;

/** Money figures are named in yuan (`equipmentValueYuan`, `facts.teacherAveragePayYuan`). */
const isMoney = (name: string): boolean => name.endsWith('Yuan');

/**
 * Two years' named figures side by side: every name of either year, in the order of `from` and then the
 * names only `to` has; a name a year lacks is null on that side. Money figures take the fen path.
 */
export function figureChanges(from: Figures | null, to: Figures | null): Record<string, NumberChange> {
  const names = new Set([...Object.keys(from ?? {}), ...Object.keys(to ?? {})]);
  const out: Record<string, NumberChange> = {};
  for (const name of names) out[name] = (isMoney(name) ? yuanChange : numberChange)(from?.[name], to?.[name]);
  return out;
}

/**
 * The numbers inside an answer's figure block, flattened to dotted names (`primary.cv`, `large`):
 * booleans, texts and lists are verdicts and explanations, not figures, and are left out; a null stays
 * (a figure that could not be computed that year), so both years name the same figures.
 */
export function numericLeaves(value: unknown, prefix = ''): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return out;
  for (const [key, v] of Object.entries(value)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (typeof v === 'number' || v === null) out[name] = v;
    else if (v !== null && typeof v === 'object' && !Array.isArray(v)) Object.assign(out, numericLeaves(v, name));
  }
  return out;
}
