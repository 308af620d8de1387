// A small-scale run of every implemented benchmark, so they cannot rot: they must run and produce
// numbers. Targets are not asserted (benchmarks are never timing assertions in tests).
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { runBenchmarks, BENCHMARKS } from '../../bench/harness.js';
import { formatTable } from '../../bench/report.js';
import type { BenchResult } from '../../bench/results.js';
import { resolveTargets } from '../../scripts/province/options.js';
import { createTestDatabase } from '../helpers/database.js';

const skip = process.env.DATABASE_URL ? false : 'needs PostgreSQL: set DATABASE_URL (the benchmarks refuse PGlite)';

t.test('npm run bench at scale 0.001 produces numbers', { skip }, async (t) => {
  const db = await createTestDatabase({ migrate: false });
  t.teardown(() => db.destroy());
  const outFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'bench-')), 'results.json');
  const options = {
    databaseUrl: db.url as string,
    seed: 11,
    years: [2024],
    targets: resolveTargets({ counties: 2, scale: 0.001 }),
    regenerate: false,
    only: BENCHMARKS,
    bulkRows: 400,
    batchSize: 200,
    connections: 4,
    duration: 1,
    rounds: 1,
    outFile,
  };
  const report = await runBenchmarks(options);
  t.equal(report.province.reused, false);
  t.ok(report.province.generationSeconds !== null && report.province.generationSeconds > 0);
  t.equal(report.machine.cores > 0 && report.machine.postgres.length > 0, true);

  const byId = new Map(report.results.map((r) => [r.id, r]));
  const positive = (r: BenchResult | undefined) => {
    t.equal(r?.status, 'measured', `${r?.id}: ${r?.note ?? ''}`);
    t.ok(r?.measured && Number.isFinite(r.measured.value) && r.measured.value > 0, `${r?.id} measured`);
    t.ok(r?.baseline && Number.isFinite(r.baseline.value) && r.baseline.value > 0, `${r?.id} baseline`);
    t.ok(r?.ratio !== null && Number.isFinite(r?.ratio) && (r?.ratio ?? 0) > 0, `${r?.id} ratio`);
    t.type(r?.met, 'boolean');
  };
  positive(byId.get('bulk.teacher-years'));
  t.match(byId.get('bulk.teacher-years')?.detail, { rows: 400, requests: 2, auditEventsWritten: 400 });
  positive(byId.get('api.school-read'));
  t.match(byId.get('api.school-read')?.detail, { service: { non2xx: 0, errors: 0 }, bare: { non2xx: 0, errors: 0 } });
  // the slots of part 2 say so, with no invented number
  for (const id of ['indicators.resource-allocation', 'funding.province-entitlements', 'funding.frozen-run', 'api.scorecard']) {
    t.match(byId.get(id), { status: 'not-measured', measured: null, baseline: null, ratio: null, met: null }, id);
  }

  const written = JSON.parse(readFileSync(outFile, 'utf8'));
  t.equal(written.results.length, report.results.length);
  t.match(formatTable(report.results), /\| benchmark +\| measured +\| baseline +\| ratio +\| target +\| met +\|/);

  // a second run finds the same province and reuses it
  const second = await runBenchmarks({ ...options, only: ['indicators'], outFile: undefined });
  t.equal(second.province.reused, true);
});
