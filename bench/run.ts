// npm run bench -- [--scale X] [--counties N] [--seed S] [--regenerate] [--only bulk,api] ...
// Builds or reuses the synthetic province in PostgreSQL, runs the benchmarks of issue 6, prints
// `benchmark | measured | baseline | ratio | target | met` and writes bench/results.json.
import path from 'node:path';
import { SingleBar } from 'cli-progress';
import { DEFAULT_DATABASE_URL, DEFAULT_SEED, DEFAULT_YEARS, FULL_SCALE, parseYears, resolveTargets, type ScaleInput } from '../scripts/province/options.js';
import { BENCHMARKS, runBenchmarks, type BenchmarkGroup } from './harness.js';
import { formatTable } from './report.js';

const USAGE = `Usage: npm run bench -- [options]

  --scale X          province scale (default 1: ${FULL_SCALE.counties} counties, ${FULL_SCALE.schools} schools,
                     ${FULL_SCALE.classes} classes, ${FULL_SCALE.teachers} teacher-years)
  --counties N       number of counties (alone: scale N/${FULL_SCALE.counties})
  --seed S           generator seed (default ${DEFAULT_SEED})
  --years Y|Y1-Y2    years of the province (default ${DEFAULT_YEARS.join(',')})
  --regenerate       rebuild the province even when one of the same size is present (or BENCH_REGENERATE=1)
  --only LIST        comma-separated subset of ${BENCHMARKS.join(',')}
  --bulk-rows N      teacher-years loaded by the bulk benchmark (default 100,000 x scale)
  --batch N          rows per POST /v1/bulk (default 2000)
  --connections N    autocannon connections (default 50)
  --duration S       seconds per measured autocannon run (default 5)
  --rounds N         alternating bare/service rounds of the API benchmark; medians kept (default 3)
  --out FILE         results file (default bench/results.json)

DATABASE_URL names the PostgreSQL database (default ${DEFAULT_DATABASE_URL}). A province of the same size
already there is reused; a different one is replaced (synthetic counties only, see docs/performance.md).`;

async function main(argv: string[]): Promise<number> {
  const scale: ScaleInput = {};
  let seed = DEFAULT_SEED;
  let years = [...DEFAULT_YEARS];
  let regenerate = ['1', 'true', 'yes'].includes((process.env.BENCH_REGENERATE ?? '').toLowerCase());
  let only: BenchmarkGroup[] = [...BENCHMARKS];
  let bulkRows: number | undefined;
  let batchSize = 2000;
  let connections = 50;
  let duration = 5;
  let rounds = 3;
  let outFile = path.resolve('bench/results.json');
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new RangeError(`${arg} needs a value`);
      return v;
    };
    const num = () => {
      const v = Number(next());
      if (!Number.isFinite(v) || v <= 0) throw new RangeError(`${arg} needs a positive number`);
      return v;
    };
    switch (arg) {
      case '-h':
      case '--help':
        console.log(USAGE);
        return 0;
      case '--scale':
        scale.scale = num();
        break;
      case '--counties':
        scale.counties = Math.round(num());
        break;
      case '--seed':
        seed = Math.round(num());
        break;
      case '--years':
        years = parseYears(next());
        break;
      case '--regenerate':
        regenerate = true;
        break;
      case '--only': {
        const list = next().split(',').map((s) => s.trim());
        const unknown = list.filter((s) => !(BENCHMARKS as readonly string[]).includes(s));
        if (unknown.length) throw new RangeError(`--only: unknown ${unknown.join(', ')}; choose from ${BENCHMARKS.join(', ')}`);
        only = list as BenchmarkGroup[];
        break;
      }
      case '--bulk-rows':
        bulkRows = Math.round(num());
        break;
      case '--batch':
        batchSize = Math.round(num());
        break;
      case '--connections':
        connections = Math.round(num());
        break;
      case '--duration':
        duration = num();
        break;
      case '--rounds':
        rounds = Math.round(num());
        break;
      case '--out':
        outFile = next();
        break;
      default:
        throw new RangeError(`unknown option ${arg}\n\n${USAGE}`);
    }
  }
  const targets = resolveTargets(scale);
  const factor = targets.teachers / FULL_SCALE.teachers;
  const databaseUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  if (!process.env.DATABASE_URL) console.error(`DATABASE_URL is not set: using the local server, ${databaseUrl}`);

  let bar: SingleBar | null = null;
  const report = await runBenchmarks({
    databaseUrl,
    seed,
    years,
    targets,
    regenerate,
    only,
    bulkRows: bulkRows ?? Math.max(200, Math.round(100_000 * factor)),
    batchSize,
    connections,
    duration,
    rounds,
    outFile,
    log: (line) => {
      if (bar) {
        bar.stop();
        bar = null;
      }
      console.error(line);
    },
    onGenerateProgress: (done, expected, table) => {
      if (!bar) {
        bar = new SingleBar({ stream: process.stderr, format: ' {bar} {percentage}% | {value}/{total} rows | {table} | eta {eta_formatted}', fps: 5 });
        bar.start(expected, 0, { table });
      }
      bar.setTotal(expected);
      bar.update(done, { table });
    },
  });
  const m = report.machine;
  console.log(
    `\nmachine: ${m.cores} cores (${m.cpuModel}), ${m.memoryGb} GB, node ${m.node}, PostgreSQL ${m.postgres}` +
      `\nprovince: seed ${report.province.seed}, years ${report.province.years.join(',')}, ${report.province.counts.counties} counties, ` +
      `${report.province.counts.schools} schools (${report.province.reused ? 'reused' : `generated in ${report.province.generationSeconds?.toFixed(1)} s`})\n`,
  );
  console.log(formatTable(report.results));
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  console.log(`\nload average (1/5/15 min): ${load(report.loadAverage.start)} at start, ${load(report.loadAverage.end)} at the end`);
  console.log(`peak RSS of the benchmark process: ${report.peakRssMb} MB; results written to ${outFile}`);
  return report.results.some((r) => r.status === 'failed') ? 1 : 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof RangeError ? error.message : error);
  process.exitCode = 2;
}
