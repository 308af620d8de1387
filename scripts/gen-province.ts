// npm run gen:province -- --counties N --seed S [--scale X] [--years 2020-2024] [--truncate]
// A deterministic synthetic province on Guangdong's real counties and towns, written straight into PostgreSQL
// with COPY (see scripts/province/).
import { SingleBar } from 'cli-progress';
import { generateProvince, ProvinceConflictError, ProvinceExistsError } from './province/generate.js';
import { assertPostgresUrl, parseCli, USAGE } from './province/options.js';

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}

async function main(): Promise<number> {
  let options: ReturnType<typeof parseCli>;
  try {
    options = parseCli(process.argv.slice(2), process.env);
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  if (!options) {
    console.log(USAGE);
    return 0;
  }
  try {
    assertPostgresUrl(options.databaseUrl);
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  const t = options.targets;
  if (options.defaultedUrl) console.error(`DATABASE_URL is not set: using the local server, ${options.databaseUrl}`);
  console.error(
    `Generating ${t.counties} counties, ${t.schools} schools, ${t.classes} classes and ${t.teachers} teacher-years a year ` +
      `for ${options.years.join(', ')} (seed ${options.seed}) into ${redact(options.databaseUrl)}`,
  );
  const bar = options.progress
    ? new SingleBar(
        {
          stream: process.stderr,
          format: ' {bar} {percentage}% | {value}/{total} rows | {table} | {duration_formatted} elapsed, eta {eta_formatted}',
          hideCursor: true,
          etaBuffer: 50,
          fps: 5,
        },
      )
    : null;
  let started = false;
  try {
    const result = await generateProvince({
      databaseUrl: options.databaseUrl,
      spec: { seed: options.seed, years: options.years, targets: t },
      truncate: options.truncate,
      onProgress: (p) => {
        if (!bar) return;
        if (!started) {
          bar.start(p.expected, 0, { table: p.table });
          started = true;
        }
        bar.setTotal(p.expected);
        bar.update(p.done, { table: p.table });
      },
    });
    bar?.stop();
    if (options.truncate) {
      const removed = Object.entries(result.deleted).filter(([, n]) => n > 0);
      console.log(`truncated: ${removed.length > 0 ? removed.map(([k, n]) => `${k} ${n}`).join(', ') : 'nothing to remove'}`);
    }
    console.log('table          rows        seconds');
    for (const [table, rows] of Object.entries(result.counts)) {
      const ms = result.tableMs[table as keyof typeof result.tableMs];
      console.log(`${table.padEnd(14)} ${String(rows).padStart(10)}  ${(ms / 1000).toFixed(1).padStart(8)}`);
    }
    const total = Object.values(result.counts).reduce((a, b) => a + b, 0);
    console.log(`total          ${String(total).padStart(10)}  ${(result.elapsedMs / 1000).toFixed(1).padStart(8)} (with migrations and ANALYZE)`);
    return 0;
  } catch (error) {
    bar?.stop();
    if (error instanceof ProvinceExistsError || error instanceof ProvinceConflictError || error instanceof RangeError) {
      console.error(error.message);
      return 1;
    }
    console.error(error);
    return 1;
  }
}

process.exitCode = await main();
