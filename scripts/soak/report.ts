// The soak's report as text: what ran, on what, the history's figures, the checks and their verdicts.
import type { AuditCheck } from './check-audit.js';
import type { RecordCheck } from './check-records.js';
import type { RunCheck } from './check-runs.js';
import type { FaultRecord } from './faults.js';
import type { Failure } from './verdict.js';
import type { Entry } from './history.js';
import { answerOf, countBy, type FaultFigures, type Latency, type MemoryFigures } from './stats.js';

export interface ReportInput {
  title: string;
  setup: string[];
  entries: Entry[];
  runMs: number;
  faults: FaultRecord[];
  faultFigures: FaultFigures[];
  records: RecordCheck;
  audit: AuditCheck;
  runs: RunCheck;
  memory: MemoryFigures;
  failures: Failure[];
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const ms = (v: number) => (Number.isNaN(v) ? '-' : v >= 1000 ? `${(v / 1000).toFixed(2)}s` : `${v.toFixed(0)}ms`);
const cell = (l: Latency) => (l.n === 0 ? '-' : `${ms(l.p50)}/${ms(l.p99)} (${l.n})`);
const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
const list = (counts: Record<string, number>) =>
  Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ') || 'none';

function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => `  ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ')}`);
}

function requestLines(entries: Entry[], runMs: number): string[] {
  const workload = entries.filter((e) => e.keyRole !== 'burst');
  const burst = entries.filter((e) => e.keyRole === 'burst');
  const ops = [...new Set(workload.map((e) => e.op))].sort();
  const rows = [['operation', 'requests', 'ok', 'refused', 'indeterminate', 'unsent']];
  for (const op of ops) {
    const mine = workload.filter((e) => e.op === op);
    const by = countBy(mine, (e) => e.outcome);
    rows.push([op, String(mine.length), String(by.ok ?? 0), String(by.refused ?? 0), String(by.indeterminate ?? 0), String(by.unsent ?? 0)]);
  }
  return [
    `requests: ${entries.length} (${workload.length} of the workload, ${(workload.length / (runMs / 1000)).toFixed(0)}/s; ${burst.length} of the rate-limit burst)`,
    `workload answers by status: ${list(countBy(workload, answerOf))}`,
    `burst answers by status: ${list(countBy(burst, answerOf))}`,
    ...table(rows),
  ];
}

function checkLines(r: ReportInput): string[] {
  const { records, audit, runs } = r;
  const lost = records.lost + audit.missing + runs.lost;
  const phantom = records.phantom + audit.unexpected + runs.phantom;
  return [
    `writes checked: ${records.writesChecked} on ${records.records} records (acknowledged ${records.acknowledged}, refused ${records.refused}, indeterminate ${records.indeterminate}); valid writes refused: ${list(records.validRefused)}; refusable writes accepted: ${records.invalidAccepted}`,
    `LOST: ${lost} (records ${records.lost}, of which torn ${records.torn}; audit events missing ${audit.missing}; funding runs ${runs.lost})`,
    `PHANTOM: ${phantom} (records ${records.phantom}, events of refused requests or reads ${audit.unexpected}, funding runs ${runs.phantom})`,
    `reads checked: ${records.readsChecked}; phantom reads ${records.phantomReads}; torn reads ${records.tornReads}; stale reads ${records.staleReads}`,
    `audit trail: ${audit.events} events read; ${audit.writesChecked} writes checked; partial ${audit.partial}; unexplained ${audit.unexplained}; out of order ${audit.outOfOrder}`,
    `writes answered 5xx that committed anyway: ${audit.committedDespite5xx.length}`,
    ...audit.committedDespite5xx.slice(0, 20).map((line) => `  ${line}`),
    `funding runs: ${runs.runs} stored, ${runs.keys} Idempotency-Keys in ${runs.requests} requests; two runs for a key ${runs.duplicateRuns}; inconsistent answers ${runs.inconsistentAnswers}; wrongly refused ${runs.wronglyRefused}; verify reproducible ${runs.verified}/${runs.runs} (not reproducible ${runs.notReproducible}, failed ${runs.verifyFailed})`,
  ];
}

function faultLines(r: ReportInput): string[] {
  const lines: string[] = [];
  for (const f of r.faults) {
    const head = `${f.name}: planned at ${s(f.plannedAt)}${f.start !== undefined ? `, started at ${s(f.start)}` : ''}`;
    if (f.skipped || f.failed) {
      lines.push(`${head}: ${f.skipped ? `skipped (${f.skipped})` : `FAILED (${f.failed})`}`);
      continue;
    }
    const fig = r.faultFigures.find((x) => x.name === f.name);
    lines.push(`${head}; ${f.detail ?? ''}`);
    if (!fig) continue;
    lines.push(`  recovery: ${s(fig.recoveryMs)}; failed workload requests: ${fig.failed}${fig.failed ? ` (${list(fig.failedByAnswer)})` : ''}`);
    const rows = [['  route (p50/p99 (n))', `before`, `during (to ${s(fig.duringEnd)})`, 'after']];
    for (const l of fig.latency) if (l.before.n + l.during.n + l.after.n > 0) rows.push([`  ${l.route}`, cell(l.before), cell(l.during), cell(l.after)]);
    lines.push(...table(rows));
  }
  return lines;
}

function memoryLines(m: MemoryFigures): string[] {
  const lines = m.processes.map(
    (p) => `  pid ${p.pid}: started ${s(p.startedAt)}${p.endedAt !== undefined ? `, ended ${s(p.endedAt)}` : ''}; ${p.samples} samples; first ${mb(p.firstKb)}, max ${mb(p.maxKb)}, last ${mb(p.lastKb)}`,
  );
  if (m.assessed) {
    const a = m.assessed;
    lines.push(`  growth after warm-up (pid ${a.pid}, from ${s(a.warmupEndsAt)}): ${mb(a.baselineKb)} -> ${mb(a.finalKb)} = ${(a.growth * 100).toFixed(1)}% (limit 10%)`);
  } else lines.push(`  growth not assessed: ${m.notAssessed}`);
  return lines;
}

export function formatReport(r: ReportInput): string {
  return [
    r.title,
    ...r.setup,
    '',
    ...requestLines(r.entries, r.runMs),
    '',
    ...checkLines(r),
    '',
    'faults:',
    ...faultLines(r),
    '',
    'service resident memory (VmRSS, sampled every second):',
    ...memoryLines(r.memory),
    '',
    r.failures.length === 0 ? 'RESULT: PASS (0 lost, 0 phantom, every check held)' : `RESULT: FAIL\n${r.failures.map((f) => `  - [${f.check}] ${f.text}`).join('\n')}`,
    ...(r.records.problems.length + r.audit.problems.length + r.runs.problems.length > 0
      ? ['', 'problems found (first 50 of each check):', ...[...r.records.problems, ...r.audit.problems, ...r.runs.problems].map((p) => `  ${p}`)]
      : []),
  ].join('\n');
}
