// Builds (or reuses) the province, runs each benchmark, and returns what bench/results.json holds.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../src/db/connection.js';
import { generateProvince, matchesSpec, prepareDatabase, provinceCounts, type ProvinceCounts } from '../scripts/province/generate.js';
import { assertPostgresUrl, type ProvinceTargets } from '../scripts/province/options.js';
import { benchApiSchoolRead } from './api-read.js';
import { benchAuth } from './auth.js';
import { benchBulkLoad } from './bulk-load.js';
import { machineInfo, type MachineInfo } from './machine.js';
import { benchApiScorecard } from './api-scorecard.js';
import { benchFundingFrozenRun, benchFundingProvince } from './funding.js';
import { benchIndicators } from './indicators.js';
import { benchPlanning } from './planning.js';
import { benchRollup } from './rollup.js';
import { benchWhatIf } from './what-if.js';
import type { BenchResult } from './results.js';
import { benchConfig } from './server.js';

/** What a benchmark gets: the options, the year read, the rounds, and the pool of the province. */
export interface BenchContext {
  options: BenchOptions;
  /** The year the benchmarks read: the last year of the province. */
  year: number;
  rounds: number;
  /** The province's database (the service's pool size). */
  database: Database;
  log: (line: string) => void;
}

type Runner = (c: BenchContext) => Promise<BenchResult[]>;

/**
 * The benchmarks, in the order they run, by the name `--only` takes: one line each. Indicators first: its
 * peak-memory figure is read from this process's maxrss.
 */
const REGISTRY = {
  indicators: async (c) => [await benchIndicators({ database: c.database, year: c.year, rounds: c.rounds, log: c.log })],
  funding: async (c) => [
    await benchFundingProvince({ database: c.database, year: c.year, rounds: c.rounds, log: c.log }),
    ...(await benchFundingFrozenRun({ database: c.database, year: c.year, rounds: c.rounds, log: c.log })),
  ],
  bulk: async (c) => [
    await benchBulkLoad({ serverUrl: c.options.databaseUrl, seed: c.options.seed, rows: c.options.bulkRows, batchSize: c.options.batchSize, rounds: c.rounds, log: c.log }),
  ],
  planning: async (c) => benchPlanning({ database: c.database, year: c.year, rounds: c.rounds, log: c.log }),
  'what-if': async (c) => benchWhatIf({ database: c.database, year: c.year, rounds: c.rounds, log: c.log }),
  rollup: async (c) => [await benchRollup({ database: c.database, year: c.year, rounds: c.rounds, log: c.log })],
  api: async (c) => {
    const auth = await benchAuth(c.database.db);
    const api = { database: c.database, auth, year: c.year, connections: c.options.connections, duration: c.options.duration, rounds: c.rounds, log: c.log };
    return [await benchApiSchoolRead(api), ...(await benchApiScorecard(api))];
  },
} satisfies Record<string, Runner>;

export type BenchmarkGroup = keyof typeof REGISTRY;
export const BENCHMARKS = Object.keys(REGISTRY) as BenchmarkGroup[];

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

const loadText = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');

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

  const results: BenchResult[] = [];
  const rounds = o.rounds ?? 3;
  const year = Math.max(...o.years);
  const database = await openDatabase({ databaseUrl: o.databaseUrl, poolSize: benchConfig().databasePoolSize });
  try {
    for (const group of BENCHMARKS) {
      if (!o.only.includes(group)) continue;
      log(`${group}: start (load average ${loadText(os.loadavg())})`);
      const start = os.loadavg();
      const measured = await REGISTRY[group]({ options: o, year, rounds, database, log });
      const end = os.loadavg();
      for (const r of measured) results.push({ ...r, loadAverage: r.loadAverage ?? { start, end } });
    }
  } finally {
    await database.close();
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
