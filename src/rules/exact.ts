// Exact arithmetic for decisions at a bound (docs/domain.md §1: "Comparisons at a bound must be exact").
//
// A Rational is a reduced fraction of bigints with a positive denominator. Policy decimals (4.2, 0.85,
// 0.45) become rationals through their decimal string (4.2 -> 42/10), never through binary floating
// point; areas and money (at most 2 decimals) become integer hundredths through Math.round(x * 100).
// Floating point is only used to *display* a figure (toNumber) or for a square root (dispersion sd).

export interface Rational {
  readonly n: bigint;
  readonly d: bigint;
}

/** Anything the helpers accept: a Rational, a bigint, or a JS number read through its decimal string. */
export type Exact = Rational | bigint | number;

function absBig(a: bigint): bigint {
  return a < 0n ? -a : a;
}

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function gcd(a: bigint, b: bigint): bigint {
  let x = absBig(a);
  let y = absBig(b);
  // Euclid on doubles while both operands are safe integers: % is exact there, and a bigint loop
  // allocates at every step (this was most of the time of the indicator rules).
  if (x <= SAFE && y <= SAFE) {
    let u = Number(x);
    let v = Number(y);
    while (v !== 0) {
      const t = u % v;
      u = v;
      v = t;
    }
    return BigInt(u);
  }
  while (y !== 0n) {
    const t = x % y;
    x = y;
    y = t;
    if (x <= SAFE) return gcd(x, y);
  }
  return x;
}

/** n/d reduced, denominator positive. Throws on a zero denominator. */
export function rat(n: bigint | number, d: bigint | number = 1n): Rational {
  let nn = typeof n === 'bigint' ? n : toBigIntStrict(n);
  let dd = typeof d === 'bigint' ? d : toBigIntStrict(d);
  if (dd === 0n) throw new RangeError('rational with a zero denominator');
  if (dd < 0n) {
    nn = -nn;
    dd = -dd;
  }
  if (dd === 1n) return { n: nn, d: dd };
  const g = gcd(nn, dd);
  return g > 1n ? { n: nn / g, d: dd / g } : { n: nn, d: dd };
}

function toBigIntStrict(x: number): bigint {
  if (!Number.isSafeInteger(x)) throw new RangeError(`not a safe integer: ${x}`);
  return BigInt(x);
}

export const ZERO: Rational = { n: 0n, d: 1n };
export const ONE: Rational = { n: 1n, d: 1n };

/**
 * The exact value of a decimal written as a JS number or a string: 4.2 -> 21/5, '0.85' -> 17/20,
 * 1e-7 -> 1/10000000. A JS number is read through String(x), its shortest round-trip decimal, which is
 * what a person wrote in a policy file.
 */
export function fromDecimal(x: number | string): Rational {
  const cached = DECIMALS.get(x);
  if (cached !== undefined) return cached;
  const r = parseDecimal(x);
  if (DECIMALS.size >= 4096) DECIMALS.clear();
  DECIMALS.set(x, r);
  return r;
}

/** Policy figures are read again and again (every unit, every indicator): the parsed rationals are kept. */
const DECIMALS = new Map<number | string, Rational>();

function parseDecimal(x: number | string): Rational {
  const s = typeof x === 'number' ? numberToString(x) : x.trim();
  const m = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s);
  if (!m || ((m[2] ?? '') === '' && (m[3] ?? '') === '')) throw new RangeError(`not a decimal: ${s}`);
  const sign = m[1] === '-' ? -1n : 1n;
  const intPart = m[2] ?? '';
  const frac = m[3] ?? '';
  const exp = m[4] !== undefined ? Number(m[4]) : 0;
  const digits = BigInt((intPart + frac).replace(/^0+(?=\d)/, '') || '0');
  const scale = frac.length - exp; // value = digits * 10^-scale
  if (scale >= 0) return rat(sign * digits, 10n ** BigInt(scale));
  return rat(sign * digits * 10n ** BigInt(-scale), 1n);
}

function numberToString(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  return String(x);
}

/** Integer hundredths of an area or an amount given with at most 2 decimals (docs/domain.md §7: money to the fen). */
export function toHundredths(x: number): bigint {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  return BigInt(Math.round(x * 100));
}

/** An area (m²) or an amount (yuan) with at most 2 decimals, as an exact rational via integer hundredths. */
export function fromHundredths(x: number): Rational {
  return rat(toHundredths(x), 100n);
}

/** Coerce: bigint and Rational as they are; a number through its decimal string (exact for integers). */
export function q(x: Exact): Rational {
  if (typeof x === 'bigint') return { n: x, d: 1n };
  if (typeof x === 'number') return Number.isSafeInteger(x) ? { n: BigInt(x), d: 1n } : fromDecimal(x);
  return x;
}

export function add(a: Exact, b: Exact): Rational {
  const x = q(a);
  const y = q(b);
  return rat(x.n * y.d + y.n * x.d, x.d * y.d);
}

export function sub(a: Exact, b: Exact): Rational {
  const x = q(a);
  const y = q(b);
  return rat(x.n * y.d - y.n * x.d, x.d * y.d);
}

export function mul(a: Exact, b: Exact): Rational {
  const x = q(a);
  const y = q(b);
  return rat(x.n * y.n, x.d * y.d);
}

export function div(a: Exact, b: Exact): Rational {
  const x = q(a);
  const y = q(b);
  if (y.n === 0n) throw new RangeError('division by zero');
  return rat(x.n * y.d, x.d * y.n);
}

export function sum(xs: readonly Exact[]): Rational {
  let acc: Rational = ZERO;
  for (const x of xs) acc = add(acc, x);
  return acc;
}

/** -1, 0 or 1 as a < b, a = b, a > b; exact. */
export function compare(a: Exact, b: Exact): -1 | 0 | 1 {
  const x = q(a);
  const y = q(b);
  const l = x.n * y.d;
  const r = y.n * x.d;
  return l < r ? -1 : l > r ? 1 : 0;
}

export function eq(a: Exact, b: Exact): boolean {
  return compare(a, b) === 0;
}
export function gte(a: Exact, b: Exact): boolean {
  return compare(a, b) >= 0;
}
export function lte(a: Exact, b: Exact): boolean {
  return compare(a, b) <= 0;
}
export function gt(a: Exact, b: Exact): boolean {
  return compare(a, b) > 0;
}
export function lt(a: Exact, b: Exact): boolean {
  return compare(a, b) < 0;
}

export function max(a: Exact, b: Exact): Rational {
  return gte(a, b) ? q(a) : q(b);
}

/** Smallest integer ≥ r. */
export function ceil(r: Exact): bigint {
  const x = q(r);
  const fl = floorDiv(x.n, x.d);
  return fl * x.d === x.n ? fl : fl + 1n;
}

/** Largest integer ≤ r. */
export function floor(r: Exact): bigint {
  const x = q(r);
  return floorDiv(x.n, x.d);
}

function floorDiv(n: bigint, d: bigint): bigint {
  const qq = n / d; // truncates toward zero
  return (n % d !== 0n && n < 0n !== d < 0n) ? qq - 1n : qq;
}

/** r rounded up to a multiple of 10^-digits, as a rational (e.g. a shortfall in m² up to the next 0.01). */
export function ceilTo(r: Exact, digits: number): Rational {
  const scale = 10n ** BigInt(digits);
  return rat(ceil(mul(r, scale)), scale);
}

/** r rounded half away from zero to `digits` decimals, as a JS number for display. */
const POW10: readonly bigint[] = Array.from({ length: 19 }, (_, i) => 10n ** BigInt(i));
const NUMBER_POW10: readonly number[] = Array.from({ length: 16 }, (_, i) => 10 ** i);

export function toNumber(r: Exact, digits = 4): number {
  const x = q(r);
  // Fast path on doubles when every intermediate is a safe integer (%, − and / of safe integers that
  // divide exactly are exact there): the same rounding, without allocating bigints.
  if (digits <= 15 && x.n <= SAFE && x.n >= -SAFE && x.d <= SAFE) {
    const n = Number(x.n);
    const d = Number(x.d);
    const p = NUMBER_POW10[digits] as number;
    const a = Math.abs(n) * p;
    if (Number.isSafeInteger(a)) {
      const rem = a % d;
      let rounded = (a - rem) / d;
      if (rem * 2 >= d) rounded += 1;
      const signed = n < 0 && rounded !== 0 ? -rounded : rounded;
      return signed / p;
    }
  }
  const scale = POW10[digits] ?? 10n ** BigInt(digits);
  const scaled = x.n * scale;
  const neg = scaled < 0n;
  const a = neg ? -scaled : scaled;
  let rounded = a / x.d;
  if ((a % x.d) * 2n >= x.d) rounded += 1n;
  const signed = neg ? -rounded : rounded;
  return Number(signed) / Number(scale);
}

/** A JS number close to r, for floating-point work that is only displayed (e.g. sqrt for a standard deviation). */
export function toFloat(r: Exact): number {
  const x = q(r);
  // Scale down huge operands so Number() does not overflow to Infinity on both sides.
  const bits = Math.max(x.n.toString(2).length, x.d.toString(2).length) - 1000;
  if (bits > 0) {
    const shift = BigInt(bits);
    return Number(x.n >> shift) / Number(x.d >> shift);
  }
  return Number(x.n) / Number(x.d);
}

/**
 * numerator / denominator ≥ standard, exactly ("…以上", "不低于": the bound is included).
 * Example: meetsAtLeast(42 * 100, 1000, 4.2) is true; meetsAtLeast(4199, 1000, 4.2) is false.
 * A zero denominator never meets (nothing to divide).
 */
export function meetsAtLeast(numerator: Exact, denominator: Exact, standard: Exact): boolean {
  const den = q(denominator);
  if (den.n === 0n) return false;
  return gte(div(numerator, den), standard);
}

/** numerator / denominator ≤ limit, exactly ("不超过", "以下"). A zero denominator never meets. */
export function meetsAtMost(numerator: Exact, denominator: Exact, limit: Exact): boolean {
  const den = q(denominator);
  if (den.n === 0n) return false;
  return lte(div(numerator, den), limit);
}

/** numerator / denominator < limit, exactly ("低于", "不足": the bound is excluded). */
export function meetsBelow(numerator: Exact, denominator: Exact, limit: Exact): boolean {
  const den = q(denominator);
  if (den.n === 0n) return false;
  return lt(div(numerator, den), limit);
}
