// A small-scale run of every benchmark, so they cannot rot: they must run, produce numbers, and the
// services must agree with the hand-written bounds they are measured against. Targets are not asserted
// (benchmarks are never timing assertions in tests).
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileTest } from '../helpers/file-test.js';
import type { BenchResult } from '../../bench/results.js';
import { resolveTargets } from '../../scripts/province/options.js';

const t = fileTest(import.meta);

const skip = process.env.DATABASE_URL ? false : 'needs PostgreSQL: set DATABASE_URL (the benchmarks refuse PGlite)';

t.test('npm run bench at scale 0.001 produces numbers', { skip }, async (t) => {
  // Imported here: loading the harness and the database layer takes seconds of CPU, wasted when skipped.
  const { runBenchmarks, BENCHMARKS } = await import('../../bench/harness.js');
  const { formatTable } = await import('../../bench/report.js');
  const { createTestDatabase } = await import('../helpers/database.js');
  const db = await createTestDatabase({ migrate: false });
  t.teardown(() => db.destroy());
  const outFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'bench-')), 'results.json');
  const options = {
    databaseUrl: db.url as string,
    seed: 11,
    // two years: the scorecard's B16 / B18 windows then reach a year before the one read
    years: [2023, 2024],
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
  // indicators: the service agrees with the hand-written bound, unit by unit, and with itself county by county
  const indicators = byId.get('indicators.resource-allocation');
  positive(indicators);
  t.match(indicators?.detail, { counties: 2, check: { counties: 2, mismatches: [] } });
  const ind = indicators?.detail as { units: number; boundUnits: number; peakRssMb: number; check: { units: number } };
  t.ok(ind.units > 0 && ind.units === ind.boundUnits, `units ${ind.units} = bound ${ind.boundUnits}`);
  t.equal(ind.check.units, ind.units, 'every unit of the small province compared');
  t.ok(ind.peakRssMb > 0);
  // funding: the whole province at once gives the same answers as county by county, and reads the bound's schools
  const province = byId.get('funding.province-entitlements');
  positive(province);
  t.match(province?.detail, { counties: 2, check: { differingFromCountyEntitlements: [] } });
  const prov = province?.detail as { schools: number; boundSchools: number; boundStudents: number };
  t.ok(prov.schools > 0 && prov.schools === prov.boundSchools);
  const run = byId.get('funding.frozen-run');
  positive(run);
  const runDetail = run?.detail as { schools: number; boundSchools: number; inputsHashes: string[]; rolledBack: boolean };
  t.ok(runDetail.schools > 0 && runDetail.schools === runDetail.boundSchools);
  t.equal(runDetail.inputsHashes.length, 1, 'every run of the same inputs has the same hash');
  t.equal(runDetail.rolledBack, true);
  const canonical = byId.get('funding.canonical-hash');
  t.equal(canonical?.status, 'measured', canonical?.note ?? '');
  t.ok(canonical?.measured && canonical.measured.value > 0 && canonical.measured.unit === 'ms');
  t.match(canonical?.detail, { sameHashAsRun: true, schools: runDetail.schools });
  t.type(canonical?.met, 'boolean');
  // the scorecard under load, cold and warm; the service's B16 / B18 agree with the bound's history aggregate
  for (const id of ['api.scorecard', 'api.scorecard-warm']) {
    positive(byId.get(id));
    t.match(byId.get(id)?.detail, { service: { non2xx: 0, errors: 0 }, bare: { non2xx: 0, errors: 0 }, check: { mismatches: [] } });
  }
  t.match(byId.get('api.scorecard')?.detail, { cache: 'off' });
  t.match(byId.get('api.scorecard-warm')?.detail, { cache: /^on/ });
  const cold = byId.get('api.scorecard')?.detail as { check?: { boundHistory?: { teacher_years: number } } } | undefined;
  t.ok((cold?.check?.boundHistory?.teacher_years ?? 0) > 0, 'the bound counted teacher-years');
  // the province's roll-up: the bound's B12 / B11 counts, units and funding schools are the service's rows,
  // and each row is the county's own answers
  const rollup = byId.get('rollup.province');
  positive(rollup);
  t.match(rollup?.detail, { counties: 2, check: { counties: 2, mismatches: [] } });
  // every measured ratio has its rounds, each met or not
  const ratioIds = ['indicators.resource-allocation', 'funding.province-entitlements', 'funding.frozen-run', 'bulk.teacher-years', 'api.school-read', 'api.scorecard', 'api.scorecard-warm', 'rollup.province'];
  for (const r of report.results.filter((x) => ratioIds.includes(x.id))) {
    t.equal(r.rounds?.ratios.length, r.id === 'funding.frozen-run' ? 3 : 1, `${r.id}: one ratio per round`);
    if (r.met === true) t.equal(r.rounds?.everyRoundMet, true, `${r.id}: met only when every round is`);
    t.ok(r.loadAverage && r.loadAverage.start.length === 3, `${r.id}: load average recorded`);
  }

  const written = JSON.parse(readFileSync(outFile, 'utf8'));
  t.equal(written.results.length, report.results.length);
  t.match(formatTable(report.results), /\| benchmark +\| measured +\| baseline +\| ratio +\| rounds min \/ median \/ max +\| target +\| met \(every round\) +\| load 1 min +\|/);

  // a second run finds the same province and reuses it
  const second = await runBenchmarks({ ...options, only: ['indicators'], outFile: undefined });
  t.equal(second.province.reused, true);
});
