// Planning (docs/planning.md) on a county of about 150 schools of the synthetic province: each case's whole
// answer against that county's resource-allocation answer (B1–B7 only) measured in the same run,
// alternating, medians kept. The remediation plan's target is at most 3× the resource allocation.
//
//   DATABASE_URL=postgres://…/province npx tsx bench/planning.ts [--rounds N] [--year Y] [--schools N]
//
// or `npm run bench -- --only planning`. A case is one entry of `planningCases` below.

import { pathToFileURL } from 'node:url';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../src/db/connection.js';
import { resourceAllocation } from '../src/services/indicators/resource-allocation.js';
import { remediationPlan } from '../src/services/planning/remediation.js';
import { failed, roundFigures, type BenchResult } from './results.js';
import { medianOf, round, timed } from './timing.js';
import { type CountyPick as County, pickCounty } from './pick-county.js';

export interface PlanningBenchOptions {
  database: Database;
  year: number;
  /** Alternating rounds; medians kept. */
  rounds: number;
  /** The county whose school count is nearest this (default 150). */
  schools?: number;
  log?: (line: string) => void;
}

/** One measured answer: run on the county, compared with the county's resource allocation. */
interface PlanningCase {
  id: string;
  name: string;
  target: string;
  maxRatio: number;
  run: (database: Database, county: County, year: number) => Promise<unknown>;
  /** Figures of the answer worth keeping beside the timing. */
  detail: (answer: unknown) => Record<string, unknown>;
}

/** The cases, in the order they run (the what-if scenario has its own group, bench/what-if.ts). */
function planningCases(): PlanningCase[] {
  return [
    {
      id: 'planning.remediation-plan',
      name: 'planning: remediation plan, one county of ~150 schools',
      target: "<= 3x that county's resource allocation",
      maxRatio: 3,
      run: (database, county, year) => remediationPlan(database.db, county.countyCode, year),
      detail: (answer) => {
        const plan = answer as Awaited<ReturnType<typeof remediationPlan>>;
        return {
          actions: plan.actions.length,
          costYuan: plan.totals.costYuan,
          dispersionSteps: plan.dispersion.steps.length,
          beforePasses: plan.before.passes,
          afterPasses: plan.after.passes,
        };
      },
    },
  ];
}


async function measure(c: PlanningCase, o: PlanningBenchOptions, county: County): Promise<BenchResult> {
  const log = o.log ?? (() => {});
  try {
    const baselineRun = () => resourceAllocation(o.database.db, county.countyCode, o.year);
    const run = () => c.run(o.database, county, o.year);
    // warm-up: plans, caches and the rules' JIT
    await baselineRun();
    const answer = await run();
    const baseMs: number[] = [];
    const caseMs: number[] = [];
    for (let r = 1; r <= o.rounds; r++) {
      log(`${c.id}: round ${r}/${o.rounds}, county ${county.countyCode} (${county.schools} schools)`);
      baseMs.push((await timed(baselineRun)).ms);
      caseMs.push((await timed(run)).ms);
    }
    const measured = medianOf(caseMs);
    const baseline = medianOf(baseMs);
    const ratio = measured / baseline;
    const rounds = roundFigures(caseMs, baseMs, (x) => x <= c.maxRatio);
    return {
      id: c.id,
      benchmark: c.name,
      status: 'measured',
      measured: { value: round(measured, 1), unit: 'ms' },
      baseline: { value: round(baseline, 1), unit: 'ms' },
      ratio,
      target: c.target,
      met: ratio <= c.maxRatio,
      rounds,
      detail: {
        countyCode: county.countyCode,
        schools: county.schools,
        year: o.year,
        ...c.detail(answer),
        runsMs: caseMs.map((ms) => round(ms, 1)),
        resourceAllocationRunsMs: baseMs.map((ms) => round(ms, 1)),
      },
      note: `county ${county.countyCode}, ${county.schools} schools`,
    };
  } catch (error) {
    return failed(c.id, c.name, c.target, error);
  }
}

/** Every planning case on the county nearest `schools` schools. */
export async function benchPlanning(o: PlanningBenchOptions): Promise<BenchResult[]> {
  const cases = planningCases();
  let county: County;
  try {
    county = await pickCounty(o.database, o.year, o.schools ?? 150);
  } catch (error) {
    return cases.map((c) => failed(c.id, c.name, c.target, error));
  }
  const out: BenchResult[] = [];
  for (const c of cases) out.push(await measure(c, o, county));
  return out;
}

async function main(argv: string[]): Promise<void> {
  const arg = (name: string, fallback: number) => {
    const i = argv.indexOf(name);
    return i >= 0 ? Number(argv[i + 1]) : fallback;
  };
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL must name the province database');
  const database = await openDatabase({ databaseUrl: url });
  try {
    const { rows } = await database.db.execute<{ y: number }>(sql`SELECT max(year)::int AS y FROM classes`);
    const year = arg('--year', Number(rows[0]?.y));
    const results = await benchPlanning({ database, year, rounds: arg('--rounds', 5), schools: arg('--schools', 150), log: console.log });
    for (const r of results) console.log(JSON.stringify(r, null, 2));
  } finally {
    await database.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
