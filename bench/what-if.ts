// What-if scenario (docs/what-if.md) on a county of about 150 schools of the synthetic province: the whole
// answer (the county-year as stored, every engine after the changes, the difference) against that county's
// resource-allocation answer (B1–B7 only) measured in the same run, alternating, medians kept. Target: at
// most 2× the resource allocation. Two cases: scenarios repeated on unchanged data (the county-year and its
// own evaluation kept by the service, as they are while an analyst tries one scenario after another) and
// the first scenario on new data (nothing kept: the county-year read in its read-only transaction and
// evaluated). Every round runs another scenario, so no answer can be reused.
//
//   DATABASE_URL=postgres://…/province npx tsx bench/what-if.ts [--rounds N] [--year Y] [--schools N]
//
// or `npm run bench -- --only what-if`. The scenario touches every change type but apply_plan (the plan
// has its own benchmark): a school added with classes and teachers, the smallest primary school removed,
// about 300 junior students moved between the two largest junior units, teachers added, facilities changed.

import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../src/db/connection.js';
import { resourceAllocation } from '../src/services/indicators/resource-allocation.js';
import { configureWhatIfCache } from '../src/services/planning/what-if-cache.js';
import { whatIf } from '../src/services/planning/what-if.js';
import type { WhatIfChangeT } from '../src/schemas/what-if.js';
import { failed, roundFigures, type BenchResult } from './results.js';
import { medianOf, round, timed } from './timing.js';
import { type CountyPick, pickCounty } from './pick-county.js';

const ID = 'planning.what-if';
const NAME = 'planning: what-if scenario, one county of ~150 schools';
const TARGET = "<= 2x that county's resource allocation";
const MAX_RATIO = 2;

export interface WhatIfBenchOptions {
  database: Database;
  year: number;
  /** Alternating rounds; medians kept (default 5). */
  rounds: number;
  /** The county whose school count is nearest this (default 150). */
  schools?: number;
  log?: (line: string) => void;
}



/** A scenario built from the county's own schools, moving `moved` junior students. */
async function scenarioOf(database: Database, countyCode: string, year: number, moved: number): Promise<WhatIfChangeT[]> {
  const { rows } = await database.db.execute<{ school_code: string; kind: string; stage: string; students: number; town_code: string | null }>(sql`
    SELECT s.school_code, s.kind::text AS kind, c.stage::text AS stage, sum(c.students)::int AS students, s.town_code
      FROM schools s JOIN classes c ON c.school_code = s.school_code AND c.year = ${year}
     WHERE s.county_code = ${countyCode} AND s.ownership = 'public' AND c.stage IN ('primary', 'junior')
     GROUP BY s.school_code, s.kind, c.stage, s.town_code`);
  const junior = rows.filter((r) => r.stage === 'junior').sort((a, b) => b.students - a.students);
  const primary = rows.filter((r) => r.stage === 'primary' && r.kind === 'primary').sort((a, b) => b.students - a.students);
  const [big, second] = junior;
  const [firstPrimary] = primary;
  const smallest = primary.at(-1);
  if (!big || !second || !firstPrimary || !smallest || big.students < moved) throw new Error(`county ${countyCode} lacks the schools the scenario needs`);
  const newCode = `21${countyCode.slice(0, 2)}999999`.slice(0, 10);
  return [
    {
      type: 'add_school',
      school: {
        schoolCode: newCode,
        name: 'bench new primary school',
        countyCode,
        ...(firstPrimary.town_code ? { townCode: firstPrimary.town_code } : {}),
        kind: 'primary',
        areaType: 'urban',
        ownership: 'public',
        boarding: false,
      },
      schoolYear: {
        teachingAreaM2: 2500,
        sportsAreaM2: 4000,
        equipmentValueYuan: 1000000,
        multimediaClassrooms: 12,
        musicRoomAreasM2: [100],
        artRoomAreasM2: [95],
        boarders: 0,
        inclusionStudents: 0,
      },
      classes: Array.from({ length: 10 }, (_, i) => ({ classCode: `P${(i % 6) + 1}-${i + 1}`, stage: 'primary' as const, grade: (i % 6) + 1, students: 40 })),
      teachers: [{ stage: 'primary', count: 24, education: 'bachelor', subject: 'chinese', backboneLevel: 'county', certified: true, fullTime: true }],
    },
    { type: 'remove_school', schoolCode: smallest.school_code },
    { type: 'move_students', fromSchoolCode: big.school_code, toSchoolCode: second.school_code, stage: 'junior', students: moved },
    { type: 'add_teachers', schoolCode: firstPrimary.school_code, stage: 'primary', count: 10, subject: 'pe', certified: true, fullTime: true },
    { type: 'set_facilities', schoolCode: firstPrimary.school_code, multimediaClassrooms: 80 },
  ];
}

interface Case {
  id: string;
  name: string;
  /** Whether the county-year is kept between requests (./src/services/planning/what-if-cache.ts). */
  cached: boolean;
}

const CASES: readonly Case[] = [
  { id: ID, name: `${NAME}, repeated on unchanged data`, cached: true },
  { id: `${ID}-first`, name: `${NAME}, first on new data (nothing kept)`, cached: false },
];

async function measure(o: WhatIfBenchOptions, county: CountyPick, c: Case): Promise<BenchResult> {
  const log = o.log ?? (() => {});
  try {
    configureWhatIfCache({ maxEntries: c.cached ? 20 : 0 });
    // every round another scenario (another number of students moved): the county-year is what is kept, not an answer
    const scenarios = await Promise.all(Array.from({ length: o.rounds + 1 }, (_, r) => scenarioOf(o.database, county.countyCode, o.year, 300 - r)));
    const answerOf = (round: number) =>
      whatIf(o.database.db, county.countyCode, o.year, { changes: scenarios[round] ?? [] }, { canSeeCounty: () => true });
    const baselineRun = () => resourceAllocation(o.database.db, county.countyCode, o.year);
    // warm-up: plans and the rules' JIT
    await baselineRun();
    const answer = await answerOf(0);
    const baseMs: number[] = [];
    const whatIfMs: number[] = [];
    for (let r = 1; r <= o.rounds; r++) {
      log(`${c.id}: round ${r}/${o.rounds}, county ${county.countyCode} (${county.schools} schools)`);
      baseMs.push((await timed(baselineRun)).ms);
      whatIfMs.push((await timed(() => answerOf(r))).ms);
    }
    const measured = medianOf(whatIfMs);
    const baseline = medianOf(baseMs);
    const ratio = measured / baseline;
    return {
      id: c.id,
      benchmark: c.name,
      status: 'measured',
      measured: { value: round(measured, 1), unit: 'ms' },
      baseline: { value: round(baseline, 1), unit: 'ms' },
      ratio,
      target: TARGET,
      met: ratio <= MAX_RATIO,
      rounds: roundFigures(whatIfMs, baseMs, (x) => x <= MAX_RATIO),
      detail: {
        countyCode: county.countyCode,
        schools: county.schools,
        year: o.year,
        cached: c.cached,
        changes: (scenarios[0] ?? []).map((x) => x.type),
        unitsAfter: answer.after.resourceAllocation.primary.units.length + answer.after.resourceAllocation.junior.units.length,
        whatIfRunsMs: whatIfMs.map((ms) => round(ms, 1)),
        resourceAllocationRunsMs: baseMs.map((ms) => round(ms, 1)),
      },
      note: `county ${county.countyCode}, ${county.schools} schools; ${(scenarios[0] ?? []).length} changes; county-year ${c.cached ? 'kept between requests' : 'read every time'}`,
    };
  } catch (error) {
    return failed(c.id, c.name, TARGET, error);
  } finally {
    configureWhatIfCache({ maxEntries: 20 });
  }
}

/** The what-if on the county nearest `schools` schools, repeated (the county-year kept) and first (read). */
export async function benchWhatIf(o: WhatIfBenchOptions): Promise<BenchResult[]> {
  let county: CountyPick;
  try {
    county = await pickCounty(o.database, o.year, o.schools ?? 150);
  } catch (error) {
    return CASES.map((c) => failed(c.id, c.name, TARGET, error));
  }
  const out: BenchResult[] = [];
  for (const c of CASES) out.push(await measure(o, county, c));
  return out;
}

async function main(argv: string[]): Promise<number> {
  let rounds = 5;
  let year = 2024;
  let schools = 150;
  for (let i = 0; i < argv.length; i++) {
    const value = Number(argv[i + 1]);
    if (argv[i] === '--rounds') rounds = value;
    else if (argv[i] === '--year') year = value;
    else if (argv[i] === '--schools') schools = value;
    else throw new RangeError(`unknown option ${argv[i]}`);
    i++;
  }
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('set DATABASE_URL to the PostgreSQL database of the synthetic province');
  const database = await openDatabase({ databaseUrl: url });
  try {
    const results = await benchWhatIf({ database, year, rounds, schools, log: (l) => console.error(l) });
    console.log(JSON.stringify(results, null, 2));
    return results.every((r) => r.status === 'measured') ? 0 : 1;
  } finally {
    await database.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = await main(process.argv.slice(2));
