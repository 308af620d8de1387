// Rounding of generated amounts to cents and m² to two decimals; the small offsets keep a value that is
// already on a cent from moving because of binary floating point.

export const round2 = (x: number): number => Math.round(x * 100) / 100;
export const ceil2 = (x: number): number => Math.ceil(x * 100 - 1e-9) / 100;
export const floor2 = (x: number): number => Math.floor(x * 100 + 1e-9) / 100;
