// The table printed by `npm run bench` and the numbers beside it.
import type { BenchResult, Figure } from './results.js';

const int = (n: number) => Math.round(n).toLocaleString('en-US');

function figure(f: Figure | null, latency?: { p50Ms?: number; p99Ms?: number }): string {
  if (!f) return 'not yet measured';
  const value = f.unit === 's' ? `${f.value.toFixed(2)} s` : `${int(f.value)} ${f.unit}`;
  return latency?.p50Ms !== undefined ? `${value} (p50 ${latency.p50Ms} ms, p99 ${latency.p99Ms} ms)` : value;
}

function ratioText(r: BenchResult, x: number): string {
  return r.measured?.unit.endsWith('/s') ? `${(x * 100).toFixed(0)}%` : `${x.toFixed(2)}x`;
}

function ratio(r: BenchResult): string {
  if (r.ratio === null) return '-';
  return ratioText(r, r.ratio);
}

/** min / median / max of the rounds' ratios. */
function spread(r: BenchResult): string {
  if (!r.rounds || r.rounds.ratios.length === 0) return '-';
  const s = r.rounds.ratio;
  return `${ratioText(r, s.min)} / ${ratioText(r, s.median)} / ${ratioText(r, s.max)}`;
}

const loadText = (r: BenchResult) => (r.loadAverage ? `${r.loadAverage.start[0]?.toFixed(1)} -> ${r.loadAverage.end[0]?.toFixed(1)}` : '-');

const met = (r: BenchResult) => (r.met === null ? (r.status === 'failed' ? 'FAILED' : '-') : r.met ? 'yes' : 'NO');

type Latency = { p50Ms?: number; p99Ms?: number };

export function formatTable(results: BenchResult[]): string {
  const rows = results.map((r) => {
    const d = (r.detail ?? {}) as { service?: Latency; bare?: Latency };
    return [r.benchmark, figure(r.measured, d.service), figure(r.baseline, d.bare), ratio(r), spread(r), r.target, met(r), loadText(r)];
  });
  const head = ['benchmark', 'measured', 'baseline', 'ratio', 'rounds min / median / max', 'target', 'met (every round)', 'load 1 min'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] as string).length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] as number)).join(' | ')} |`;
  const notes = results.filter((r) => r.note).map((r) => `  ${r.id}: ${r.note}`);
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line), ...(notes.length ? ['', 'notes:', ...notes] : [])].join('\n');
}
