// Money inside the funding rules is integer fen (1 yuan = 100 fen). Yuan appear only at the edges:
// parsed from inputs/policies with at most 2 decimals, printed for JSON with at most 2 decimals.
// No float arithmetic ever touches an amount: products and shares are computed on safe integers
// (and BigInt where an intermediate product could leave the safe range).

/** Integer number of fen. A plain `number` that is always a safe integer. */
export type Fen = number;

export class MoneyError extends Error {
  override readonly name = 'MoneyError';
}

const YUAN_PATTERN = /^(-?)(\d+)(?:\.(\d{1,2}))?$/;

function assertSafeInteger(value: number, what: string): void {
  if (!Number.isSafeInteger(value)) {
    throw new MoneyError(`${what} must be a safe integer, got ${String(value)}`);
  }
}

/**
 * Yuan (a number or a decimal string with at most 2 decimals) → fen, exactly.
 * Parses the decimal text (for a number: its shortest round-trip form, so 0.1 + 0.2 is refused
 * rather than silently rounded), never multiplies a float by 100.
 */
export function yuanToFen(yuan: number | string): Fen {
  let text: string;
  if (typeof yuan === 'number') {
    if (!Number.isFinite(yuan)) throw new MoneyError(`yuan amount must be finite, got ${String(yuan)}`);
    text = Object.is(yuan, -0) ? '0' : String(yuan);
  } else {
    text = yuan.trim();
  }
  const m = YUAN_PATTERN.exec(text);
  if (!m) throw new MoneyError(`yuan amount must have at most 2 decimals, got ${text}`);
  const sign = m[1] === '-' ? -1 : 1;
  const whole = m[2] ?? '0';
  const cents = (m[3] ?? '').padEnd(2, '0');
  const fen = Number(whole) * 100 + Number(cents);
  assertSafeInteger(fen, 'amount in fen');
  return fen === 0 ? 0 : sign * fen;
}

/**
 * True when `yuan` is a finite number with at most 2 decimals (in its shortest decimal form).
 *
 * The quick answer, for nearly every amount: with k = Math.round(yuan × 100) a safe integer, `k / 100 === yuan`
 * says that yuan is the double nearest to the decimal k/100 (IEEE division rounds correctly), so that decimal,
 * with at most 2 decimals, reads back as yuan and the shortest form has no more decimals. Only a "no" falls
 * back to parsing the text (which then gives the reason); the product is a test, never an amount.
 */
export function isYuanAmount(yuan: number): boolean {
  const cents = Math.round(yuan * 100);
  if (Number.isSafeInteger(cents) && cents / 100 === yuan) return true;
  try {
    yuanToFen(yuan);
    return true;
  } catch {
    return false;
  }
}

/**
 * Fen → yuan number for JSON. An integer divided by 100 is correctly rounded by IEEE division, so
 * the shortest decimal form JSON prints is exactly the 2-decimal amount (115 → 1.15).
 */
export function fenToYuan(fen: Fen): number {
  assertSafeInteger(fen, 'fen');
  const yuan = fen / 100;
  return Object.is(yuan, -0) ? 0 : yuan;
}

/** Fen → "1150.00" (for explanations). */
export function formatFen(fen: Fen): string {
  assertSafeInteger(fen, 'fen');
  const negative = fen < 0;
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / 100);
  const cents = abs % 100;
  return `${negative ? '-' : ''}${whole}.${String(cents).padStart(2, '0')}`;
}

/** Integer quantity × integer fen rate → fen; throws rather than lose precision. */
export function multiplyFen(quantity: number, rateFen: Fen): Fen {
  assertSafeInteger(quantity, 'quantity');
  assertSafeInteger(rateFen, 'rate in fen');
  // A double product of two integers is exact when the true product is a safe integer; when it is not,
  // the rounded product is not safe either, and the BigInt path below says so.
  const fast = quantity * rateFen;
  if (Number.isSafeInteger(fast)) return fast === 0 ? 0 : fast;
  const product = BigInt(quantity) * BigInt(rateFen);
  const result = Number(product);
  if (!Number.isSafeInteger(result) || BigInt(result) !== product) {
    throw new MoneyError(`amount ${product.toString()} fen exceeds the safe integer range`);
  }
  return result;
}

/** Sum of fen amounts, checked. */
export function sumFen(amounts: readonly Fen[]): Fen {
  // Exact on doubles while every partial sum is a safe integer (then every addition is exact).
  let fast = 0;
  let exact = true;
  for (const a of amounts) {
    assertSafeInteger(a, 'fen');
    fast += a;
    if (!Number.isSafeInteger(fast)) {
      exact = false;
      break;
    }
  }
  if (exact) return fast;
  let total = 0n;
  for (const a of amounts) {
    assertSafeInteger(a, 'fen');
    total += BigInt(a);
  }
  const result = Number(total);
  if (!Number.isSafeInteger(result)) throw new MoneyError('sum exceeds the safe integer range');
  return result;
}

/** A share expressed in basis points (1/10000): 5% = 500. */
export type BasisPoints = number;

/**
 * ceil(amount × bp / 10000) in integer arithmetic: the share rounded UP to the fen (B26: "不低于…5%",
 * so a fractional fen must be covered). Amount must be ≥ 0.
 */
export function ceilShareFen(amountFen: Fen, basisPoints: BasisPoints): Fen {
  assertSafeInteger(amountFen, 'fen');
  assertSafeInteger(basisPoints, 'basis points');
  if (amountFen < 0 || basisPoints < 0) throw new MoneyError('ceilShareFen needs non-negative operands');
  const numerator = BigInt(amountFen) * BigInt(basisPoints);
  const q = (numerator + 9999n) / 10000n;
  return Number(q);
}

/** Exact test `partFen ≥ wholeFen × bp / 10000` without division. */
export function meetsShare(partFen: Fen, wholeFen: Fen, basisPoints: BasisPoints): boolean {
  assertSafeInteger(partFen, 'fen');
  assertSafeInteger(wholeFen, 'fen');
  assertSafeInteger(basisPoints, 'basis points');
  return BigInt(partFen) * 10000n >= BigInt(wholeFen) * BigInt(basisPoints);
}
