import { fenToYuan, yuanToFen } from '../rules/funding/money.js';

// Yuan at the API edge (≤ 2 decimals, checked by the schema) ↔ integer fen in the database, with the
// funding engine's exact conversions (decimal text parsing, never a float times 100).
export { fenToYuan, yuanToFen };

export const optionalFen = (yuan: number | undefined): number | null => (yuan === undefined ? null : yuanToFen(yuan));
export const optionalYuan = (fen: unknown): number | undefined => (fen === null || fen === undefined ? undefined : fenToYuan(Number(fen)));
