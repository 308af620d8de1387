import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileTest } from '../helpers/file-test.js';

const t = fileTest(import.meta);

// The short soak of docs/reliability.md, so that the workload and the checker cannot rot: 15 s, 4
// connections, one termination of every backend of its own database, on the PostgreSQL server of the
// suite (its own database there, dropped afterwards), the service as a real process.
const skip = process.env.DATABASE_URL
  ? false
  : 'needs PostgreSQL (DATABASE_URL): the soak faults a database server and runs the service as a process, which PGlite in memory is not';

t.test('a short soak with one backend termination: no lost or phantom write, every check holds', { skip }, async (t) => {
  const { runSoak } = await import('../../scripts/soak/soak.js');
  const runDir = mkdtempSync(path.join(tmpdir(), 'soak-test-'));
  const lines: string[] = [];
  const result = await runSoak({
    minutes: 0.25,
    connections: 4,
    faults: ['terminate-backends'],
    runDir,
    databaseUrl: process.env.DATABASE_URL as string,
    restartMode: 'fast',
    // no burst in this run: a limit no worker reaches on any machine
    rateLimitPerMinute: 1_000_000,
    seed: 16,
    keep: false,
    // the sources as they are: the suite does not build dist/
    mode: 'tsx',
    build: false,
    root: path.resolve(import.meta.dirname, '..', '..'),
    // a loaded machine may hold a request long; a timeout only makes a write indeterminate, never a failure
    requestTimeoutMs: 120_000,
    log: (line) => lines.push(line),
  });
  const s = result.summary as {
    records: { acknowledged: number; refused: number; readsChecked: number; torn: number; tornReads: number };
    audit: { writesChecked: number };
    runs: { runs: number; verified: number };
    faults: { name: string; start?: number; detail?: string }[];
    faultFigures: { name: string; recoveryMs: number }[];
  };
  const context = `${result.report}\n\n${lines.join('\n')}\n(history in ${runDir})`;

  t.same(
    result.failures,
    [],
    `no lost or phantom write and every other check holds\n${context}`,
  );
  t.ok(s.records.acknowledged > 50 && s.records.refused > 5, 'the workload wrote, and sent writes that were refused');
  t.ok(s.records.readsChecked > 50, 'reads of the written records were checked');
  t.ok(s.audit.writesChecked >= s.records.acknowledged / 2, 'the audit trail was checked against the writes');
  t.ok(s.runs.runs > 0 && s.runs.verified === s.runs.runs, 'funding runs were made, and each verified reproducible');
  const fault = s.faults.find((f) => f.name === 'terminate-backends');
  t.match(fault?.detail, /^pg_terminate_backend on \d+ backend\(s\) of the soak database$/, 'the backends were terminated');
  t.ok(s.faultFigures.some((f) => f.name === 'terminate-backends' && f.recoveryMs >= 0), 'its recovery time was measured');
  t.equal(s.records.torn + s.records.tornReads, 0, 'no PUT of classes was seen applied in part');
  // the history is kept for a failure to be read from (its path is in the assertion's message)
  if (result.failures.length === 0) rmSync(runDir, { recursive: true, force: true });
});
