// Input checks. The charts are called by page code with numbers it computed; a mismatch here is a bug in
// that code, so it fails loudly rather than drawing a misleading chart.

export function assertFinite(what: string, value: number): void {
  if (!Number.isFinite(value)) throw new RangeError(`${what} must be a finite number, got ${value}`);
}

export function assertValues(what: string, values: readonly (number | null)[], labelCount: number): void {
  if (values.length !== labelCount) {
    throw new RangeError(`${what} has ${values.length} values for ${labelCount} labels`);
  }
  values.forEach((value, i) => {
    if (value !== null) assertFinite(`${what}[${i}]`, value);
  });
}
