// The shape of one benchmark row and of bench/results.json.

export interface Figure {
  value: number;
  unit: string;
}

export interface BenchResult {
  id: string;
  benchmark: string;
  status: 'measured' | 'not-measured' | 'failed';
  measured: Figure | null;
  baseline: Figure | null;
  /** measured / baseline (both throughputs: higher is better; both durations: lower is better). */
  ratio: number | null;
  target: string;
  /** Whether the target is met; null when not measured. */
  met: boolean | null;
  /**
   * Every round's figures (bound and service alternate within a round): the ratio of each round, so that
   * "every round meets its target" can be read, not only the median.
   */
  rounds?: RoundFigures;
  /** 1/5/15-minute load averages when this benchmark started and ended. */
  loadAverage?: { start: number[]; end: number[] };
  /** Extra figures (latencies, row counts, timings of phases). */
  detail?: Record<string, unknown>;
  note?: string;
}

export interface Spread {
  min: number;
  median: number;
  max: number;
}

export interface RoundFigures {
  measured: number[];
  baseline: number[];
  ratios: number[];
  ratio: Spread;
  /** Whether the target is met in every round (not only by the medians). */
  everyRoundMet: boolean;
}

export function spreadOf(xs: readonly number[]): Spread {
  const s = xs.slice().sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const median = s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
  return { min: s[0] ?? NaN, median, max: s[s.length - 1] ?? NaN };
}

/** Per-round figures and ratios; `meets` says whether one round's ratio meets the target. */
export function roundFigures(measured: readonly number[], baseline: readonly number[], meets: (ratio: number) => boolean): RoundFigures {
  const ratios = measured.map((m, i) => m / (baseline[i] as number));
  return { measured: [...measured], baseline: [...baseline], ratios, ratio: spreadOf(ratios), everyRoundMet: ratios.length > 0 && ratios.every(meets) };
}

export const notMeasured = (id: string, benchmark: string, target: string, note: string): BenchResult => ({
  id,
  benchmark,
  status: 'not-measured',
  measured: null,
  baseline: null,
  ratio: null,
  target,
  met: null,
  note,
});

export const failed = (id: string, benchmark: string, target: string, error: unknown): BenchResult => ({
  ...notMeasured(id, benchmark, target, `failed: ${error instanceof Error ? error.message : String(error)}`),
  status: 'failed',
});
