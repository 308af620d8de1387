import { fenToYuan, yuanToFen } from '../rules/funding/money.js';

// Yuan at the API edge (≤ 2 decimals, checked by the schema) ↔ integer fen in the database, with the
// funding engine's exact conversions (decimal text parsing, never a float times 100).
export { fenToYuan, yuanToFen };

export const optionalFen = (yuan: number | undefined): number | null => (yuan === undefined ? null : yuanToFen(yuan));
export const optionalYuan = (fen: unknown): number | undefined => (fen === null || fen === undefined ? undefined : fenToYuan(Number(fen)));

/** Drops null members so optional fields are absent rather than null in answers. */
export function withoutNulls<T extends Record<string, unknown>>(row: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) if (v !== null && v !== undefined) out[k] = v instanceof Date ? v.toISOString() : v;
  return out as T;
}
