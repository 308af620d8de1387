// Builds (or reuses) the province, runs each benchmark, and returns what bench/results.json holds.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '../src/db/connection.js';
import { generateProvince, matchesSpec, prepareDatabase, provinceCounts, type ProvinceCounts } from '../scripts/province/generate.js';
import { assertPostgresUrl, type ProvinceTargets } from '../scripts/province/options.js';
import { benchApiSchoolRead } from './api-read.js';
import { benchAuth } from './auth.js';
import { benchBulkLoad } from './bulk-load.js';
import { machineInfo, type MachineInfo } from './machine.js';
import { benchApiScorecard } from './api-scorecard.js';
import { benchFundingFrozenRun, benchFundingProvince } from './funding.js';
import { benchIndicators } from './indicators.js';
import type { BenchResult } from './results.js';
import { benchConfig } from './server.js';

export const BENCHMARKS = ['indicators', 'funding', 'bulk', 'api'] as const;
export type BenchmarkGroup = (typeof BENCHMARKS)[number];

export interface BenchOptions {
  databaseUrl: string;
  seed: number;
  years: number[];
  targets: ProvinceTargets;
  /** Regenerate the province even when one of the same size is present. */
  regenerate: boolean;
  only: readonly BenchmarkGroup[];
  bulkRows: number;
  batchSize: number;
  connections: number;
  /** Seconds per measured autocannon run. */
  duration: number;
  /** Alternating bare/service rounds of the API benchmark (default 3). */
  rounds?: number;
  /** Where to write the results (JSON); none when undefined. */
  outFile?: string;
  log?: (line: string) => void;
  onGenerateProgress?: (done: number, expected: number, table: string) => void;
}

export interface BenchReport {
  generatedAt: string;
  machine: MachineInfo;
  province: {
    seed: number;
    years: number[];
    targets: ProvinceTargets;
    reused: boolean;
    /** Seconds the generator took in this run (null when reused). */
    generationSeconds: number | null;
    counts: ProvinceCounts;
  };
  settings: { bulkRows: number; batchSize: number; connections: number; durationSeconds: number; rounds: number; only: readonly string[] };
  results: BenchResult[];
  /** 1/5/15-minute load averages before and after: a shared machine makes every figure noisier. */
  loadAverage: { start: number[]; end: number[] };
  /** Peak resident set of the benchmark process, MB. */
  peakRssMb: number;
}

async function withClient<T>(url: string, f: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await f(client);
  } finally {
    await client.end();
  }
}

export async function runBenchmarks(o: BenchOptions): Promise<BenchReport> {
  assertPostgresUrl(o.databaseUrl);
  const loadAtStart = os.loadavg();
  const log = o.log ?? (() => {});
  const spec = { seed: o.seed, years: o.years, targets: o.targets };

  await prepareDatabase(o.databaseUrl);
  const present = await withClient(o.databaseUrl, provinceCounts);
  let reused = !o.regenerate && matchesSpec(present, spec);
  let generationSeconds: number | null = null;
  if (reused) {
    log(`province: reusing the ${present.schools} schools already in the database (--regenerate to rebuild)`);
  } else {
    log(`province: generating ${o.targets.counties} counties, ${o.targets.schools} schools (seed ${o.seed})`);
    const result = await generateProvince({
      databaseUrl: o.databaseUrl,
      spec,
      truncate: true,
      migrate: false,
      onProgress: (p) => o.onGenerateProgress?.(p.done, p.expected, p.table),
    });
    generationSeconds = result.elapsedMs / 1000;
    reused = false;
    log(`province: generated in ${generationSeconds.toFixed(1)} s`);
  }
  if (reused) {
    // The server may run without autovacuum (this machine's does): dead rows left by an earlier
    // regeneration or bulk run would then be read by every query, bounds included. A plain VACUUM is
    // what autovacuum would have done; it takes a second or two when there is something to clean.
    const start = performance.now();
    await withClient(o.databaseUrl, (c) => c.query('VACUUM (ANALYZE) schools, school_years, classes, teachers, teacher_years'));
    log(`province: VACUUM (ANALYZE) in ${((performance.now() - start) / 1000).toFixed(1)} s`);
  }
  const [machine, counts] = await withClient(o.databaseUrl, async (c) => [await machineInfo(c), await provinceCounts(c)] as const);

  const wants = (g: BenchmarkGroup) => o.only.includes(g);
  const results: BenchResult[] = [];
  const rounds = o.rounds ?? 3;
  // The year the benchmarks read: the last year of the province.
  const year = Math.max(...o.years);
  const database =
    wants('indicators') || wants('funding') || wants('api')
      ? await openDatabase({ databaseUrl: o.databaseUrl, poolSize: benchConfig().databasePoolSize })
      : null;
  try {
    // indicators first: its peak-memory figure is read from this process's maxrss
    if (database && wants('indicators')) {
      log('indicators: start');
      results.push(await benchIndicators({ database, year, rounds, log }));
    }
    if (database && wants('funding')) {
      log('funding: start');
      results.push(await benchFundingProvince({ database, year, rounds, log }));
      results.push(await benchFundingFrozenRun({ database, year, rounds, log }));
    }
    if (wants('bulk')) {
      log('bulk: start');
      results.push(await benchBulkLoad({ serverUrl: o.databaseUrl, seed: o.seed, rows: o.bulkRows, batchSize: o.batchSize, log }));
    }
    if (database && wants('api')) {
      const auth = await benchAuth(database.db);
      results.push(await benchApiSchoolRead({ database, auth, connections: o.connections, duration: o.duration, rounds, log }));
      results.push(await benchApiScorecard({ database, auth, year, connections: o.connections, duration: o.duration, rounds, log }));
    }
  } finally {
    await database?.close();
  }

  const report: BenchReport = {
    generatedAt: new Date().toISOString(),
    machine,
    province: { seed: o.seed, years: o.years, targets: o.targets, reused, generationSeconds, counts },
    settings: { bulkRows: o.bulkRows, batchSize: o.batchSize, connections: o.connections, durationSeconds: o.duration, rounds: o.rounds ?? 3, only: o.only },
    results,
    loadAverage: { start: loadAtStart, end: os.loadavg() },
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  if (o.outFile) {
    mkdirSync(path.dirname(o.outFile), { recursive: true });
    writeFileSync(o.outFile, `${JSON.stringify(report, null, 2)}\n`);
  }
  return report;
}
