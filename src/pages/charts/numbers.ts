// Number formatting and value-axis ranges for the charts.

/** 0 when every value is a whole number (counts, whole yuan), otherwise 2 (ratios, areas, rates). */
export function decimalsFor(values: readonly (number | null | undefined)[]): number {
  return values.every((v) => v == null || Number.isInteger(v)) ? 0 : 2;
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `value` with `decimals` places and thousands separators: 1234567.5 → "1,234,567.50". */
export function formatNumber(value: number, decimals: number): string {
  const fixed = Math.abs(value).toFixed(decimals);
  const [whole, fraction] = fixed.split('.');
  // toFixed can round a tiny negative to "0.00": no sign on a zero.
  const sign = value < 0 && Number(fixed) !== 0 ? '-' : '';
  return `${sign}${groupThousands(whole!)}${fraction === undefined ? '' : `.${fraction}`}`;
}

/**
 * A standard, floor or limit as policy states it: every decimal it has and none added (0.765 stays
 * "0.765", 2500 stays "2,500"), so the figure on a chart reads the same as in the tables beside it.
 * Fifteen significant digits drop the binary noise of a computed bound (4.5 × 0.85 is stored as
 * 3.8249999999999997) while keeping any decimal a policy could state.
 */
export function formatExact(value: number): string {
  const [mantissa, exponent] = Math.abs(value).toExponential(14).split('e');
  const digits = mantissa!.replace('.', '').replace(/0+$/, '') || '0';
  const point = Number(exponent) + 1;
  const plain =
    digits === '0'
      ? '0'
      : point <= 0
        ? `0.${'0'.repeat(-point)}${digits}`
        : point >= digits.length
          ? groupThousands(digits + '0'.repeat(point - digits.length))
          : `${groupThousands(digits.slice(0, point))}.${digits.slice(point)}`;
  return value < 0 && plain !== '0' ? `-${plain}` : plain;
}

/** Places after the point that a step such as 0.25 or 5 needs to print exactly. */
export function stepDecimals(step: number): number {
  for (let d = 0; d < 10; d++) if (Math.abs(Math.round(step * 10 ** d) - step * 10 ** d) < 1e-9) return d;
  return 10;
}

export interface ValueRange {
  min: number;
  max: number;
  interval: number;
}

/** The 1, 2, 2.5, 5 × 10ⁿ step nearest above `rough`. */
function niceStep(rough: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const residual = rough / magnitude;
  const factor = residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 2.5 ? 2.5 : residual <= 5 ? 5 : 10;
  return factor * magnitude;
}

/**
 * A value axis covering `values` with about `ticks` round steps. Computed here rather than left to ECharts
 * so that standards, floors and targets outside the data are always on the axis, and bars keep headroom
 * for their value labels.
 */
export function niceRange(
  values: readonly number[],
  options: { includeZero: boolean; headroom?: number; ticks?: number },
): ValueRange {
  const finite = values.filter((v) => Number.isFinite(v));
  let lo = finite.length > 0 ? Math.min(...finite) : 0;
  let hi = finite.length > 0 ? Math.max(...finite) : 1;
  if (options.includeZero) {
    lo = Math.min(lo, 0);
    hi = Math.max(hi, 0);
  }
  if (lo === hi) {
    // One value (or all equal): open a range around it so the axis has ticks.
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.2;
    hi += pad;
    if (!options.includeZero || lo < 0) lo -= pad;
  }
  const headroom = (hi - lo) * (options.headroom ?? 0);
  if (hi > 0) hi += headroom;
  if (lo < 0 && options.includeZero) lo -= headroom;
  // Of the round steps giving about `ticks` intervals, the one that wastes least of the axis (the plain
  // nearest step can leave a third of it empty: 0–8 for data up to 6.0).
  const target = options.ticks ?? 5;
  let best: ValueRange | undefined;
  for (const count of [target - 1, target, target + 1, target + 2]) {
    const interval = niceStep((hi - lo) / count);
    const decimals = stepDecimals(interval);
    const round = (v: number) => Number(v.toFixed(decimals));
    const candidate = {
      min: round(Math.floor(lo / interval + 1e-9) * interval),
      max: round(Math.ceil(hi / interval - 1e-9) * interval),
      interval,
    };
    if (!best || candidate.max - candidate.min < best.max - best.min - 1e-12) best = candidate;
  }
  return best!;
}
