/** Yuan at the API edge (≤ 2 decimals, checked by the schema) to integer fen in the database. */
export const yuanToFen = (yuan: number): number => Math.round(yuan * 100);
/** Integer fen to yuan for JSON; the shortest decimal form of n/100 prints with at most 2 decimals. */
export const fenToYuan = (fen: number): number => fen / 100;

export const optionalFen = (yuan: number | undefined): number | null => (yuan === undefined ? null : yuanToFen(yuan));
export const optionalYuan = (fen: unknown): number | undefined => (fen === null || fen === undefined ? undefined : fenToYuan(Number(fen)));

/** Drops null members so optional fields are absent rather than null in answers. */
export function withoutNulls<T extends Record<string, unknown>>(row: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) if (v !== null && v !== undefined) out[k] = v instanceof Date ? v.toISOString() : v;
  return out as T;
}
