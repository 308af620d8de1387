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
  /** Extra figures (latencies, row counts, timings of phases). */
  detail?: Record<string, unknown>;
  note?: string;
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
