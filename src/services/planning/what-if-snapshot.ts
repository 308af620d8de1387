// The county-year a what-if scenario starts from, read as one consistent state, then held in memory as
// plain per-school records that the changes edit (copies) and the engines read.
//
// The inputs are those of the live answers: `loadIndicatorInputs` (the B1–B12 and scorecard loader, with
// the class list, its grades and the policy's teacher counts), the county facts, and B16 / B18 counts per
// school from the scorecard's one statement over the history windows (so a removed school takes its
// teachers out of the county rates). One more query reads every school of the county with the school-year
// fields the funding engine reads (a change may bring in a school that has no record for the year yet);
// the funding inputs are built from these records as the funding loader builds them.
//
// One consistent state without holding one connection for all of it: the statements run side by side on
// the pool (as the live answers run theirs), between two reads of the county-year's data version
// (src/services/data-versions.ts). Every committed write to anything these statements read raises that
// version, so equal versions before and after mean that no write landed in between and every statement
// saw the same data. Otherwise (a write arrived meanwhile) the county-year is read again, one statement
// after another, inside one read-only REPEATABLE READ transaction. Nothing is ever written either way.

import { sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Queryable } from '../../db/connection.js';
import type { CountyFactsInput, FacilitiesInput, RotationCounts, TeacherCounts, TrainingCounts } from '../../rules/indicators/index.js';
import type { AreaType, CompulsoryStage, Ownership, SchoolKind, Stage } from '../../rules/vocabulary.js';
import { countyYearDataVersion } from '../data-versions.js';
import { countyYearContext, loadCountyFacts, type CountyYearContext } from '../indicators/context.js';
import { assertHasClasses, loadIndicatorInputs } from '../indicators/inputs.js';
import { teacherHistoryCountsBySchool } from '../indicators/teacher-history.js';
import { fenToYuan } from '../money.js';

export interface WorkingClass {
  classCode: string;
  stage: CompulsoryStage;
  grade: number | null;
  students: number;
}

/** School-year fields the funding engine reads. */
export interface YearFunding {
  boarders: number;
  inclusionStudents: number;
  publicFundingAllocatedYuan?: number;
  trainingSpendYuan?: number;
}

/** One school of the county as a scenario sees and edits it. */
export interface WorkingSchool {
  schoolCode: string;
  name: string;
  kind: SchoolKind;
  areaType: AreaType;
  ownership: Ownership;
  boarding: boolean;
  townCode: string | null;
  centralSchoolCode: string | null;
  /** null without a school-year record for the year. */
  facilities: FacilitiesInput | null;
  yearFunding: YearFunding | null;
  /** Compulsory classes, in the order the database lists them; opened classes are appended. */
  classes: WorkingClass[];
  /** Students and classes of the stages whose classes are not listed (preschool, senior). */
  otherStages: Partial<Record<'preschool' | 'senior', { students: number; classes: number }>>;
  /** Full-time teacher counts per stage, already filtered by the policy (`qualified`, `backbone`, `artsPe`). */
  teachers: Partial<Record<Stage, TeacherCounts>>;
  /** B16 and B18 counts of the school's teacher-years in scope. */
  training: TrainingCounts;
  rotation: RotationCounts & { teacherYears: number; eligibleByTenure: number };
}

/** A county-year as stored: what every scenario on it starts from (cached, ./what-if-cache.ts). */
export interface CountyYearBase {
  ctx: CountyYearContext;
  facts: CountyFactsInput | null;
  /** Every school of the county (with or without records for the year), by code, in code order. */
  schools: ReadonlyMap<string, WorkingSchool>;
}

/** What one request needs beside the county-year: the county's towns and the schools of other counties it names. */
export interface Snapshot extends CountyYearBase {
  towns: ReadonlySet<string>;
  /** Schools of other counties the request names, with their county. */
  foreign: ReadonlyMap<string, string>;
}

interface CountySchoolRow extends Record<string, unknown> {
  school_code: string;
  name: string;
  kind: SchoolKind;
  area_type: AreaType;
  ownership: Ownership;
  boarding: boolean;
  town_code: string | null;
  central_school_code: string | null;
  has_year: boolean;
  boarders: number | null;
  inclusion_students: number | null;
  allocated_fen: string | null;
  training_fen: string | null;
}

const NO_TRAINING = { fullTime: 0, completed: 0 };
const NO_ROTATION = { teacherYears: 0, rotated: 0, eligible: 0, rotatedBackbone: 0, eligibleByTenure: 0 };

/**
 * Reads the county-year with its data version (the cache's key): the version as of which the data was read.
 * `versionRead`: the version the caller has just read, before any of the data (saves reading it again).
 * 404 for an unknown county or policy, or a county-year without classes (as the live answers). Inside a
 * caller's transaction the statements run one after another there.
 */
export async function loadCountyYear(
  db: Queryable,
  countyCode: string,
  year: number,
  policyId: string | undefined,
  versionRead?: string,
): Promise<{ base: CountyYearBase; version: string }> {
  const version = (q: Queryable) => countyYearDataVersion(q, countyCode, year);
  const sequential = async (q: Queryable) => {
    const at = await version(q);
    return { base: await readCountyYear(q, countyCode, year, policyId, true), version: at };
  };
  if (db instanceof PgTransaction) return sequential(db);
  const before = versionRead ?? (await version(db));
  const base = await readCountyYear(db, countyCode, year, policyId, false);
  if ((await version(db)) === before) return { base, version: before };
  // a write to the county-year committed while it was being read: read it again as one snapshot
  return db.transaction(sequential, { isolationLevel: 'repeatable read', accessMode: 'read only' });
}

/**
 * The county-year's records: the policy context, the county facts and the county's schools first, then
 * (with the policy) the indicator inputs and the B16 / B18 counts. `oneByOne` inside a transaction (one
 * connection runs one statement at a time); otherwise each group runs side by side.
 */
async function readCountyYear(db: Queryable, countyCode: string, year: number, policyId: string | undefined, oneByOne: boolean): Promise<CountyYearBase> {
  const both = async <A, B>(a: () => Promise<A>, b: () => Promise<B>): Promise<[A, B]> =>
    oneByOne ? [await a(), await b()] : Promise.all([a(), b()]);
  const [[ctx, facts], countySchools] = await both(
    () => both(() => countyYearContext(db, countyCode, year, policyId), () => loadCountyFacts(db, countyCode, year)),
    () => readCountySchools(db, countyCode, year),
  );
  const params = ctx.profile.indicators;
  const [inputs, history] = await both(
    () => loadIndicatorInputs(db, countyCode, year, { classList: true, policy: params }),
    () => teacherHistoryCountsBySchool(db, countyCode, year, params),
  );
  assertHasClasses(inputs, `county ${countyCode}`);

  const loaded = new Map(inputs.schools.map((s) => [s.schoolCode, s]));
  const schools = new Map<string, WorkingSchool>();
  for (const r of countySchools) {
    const input = loaded.get(r.school_code);
    const teachers: WorkingSchool['teachers'] = {};
    const otherStages: WorkingSchool['otherStages'] = {};
    for (const [stage, st] of Object.entries(input?.stages ?? {}) as [Stage, { students: number; classes: number; teachers?: TeacherCounts | null }][]) {
      if (st.teachers) teachers[stage] = { ...st.teachers };
      if ((stage === 'preschool' || stage === 'senior') && (st.students > 0 || st.classes > 0)) otherStages[stage] = { students: st.students, classes: st.classes };
    }
    const classes: WorkingClass[] = (input?.classes ?? []).flatMap((c) =>
      c.stage === 'primary' || c.stage === 'junior' ? [{ classCode: c.classCode, stage: c.stage, grade: c.grade ?? null, students: c.students }] : [],
    );
    let yearFunding: YearFunding | null = null;
    if (r.has_year) {
      yearFunding = { boarders: Number(r.boarders ?? 0), inclusionStudents: Number(r.inclusion_students ?? 0) };
      if (r.allocated_fen !== null) yearFunding.publicFundingAllocatedYuan = fenToYuan(Number(r.allocated_fen));
      if (r.training_fen !== null) yearFunding.trainingSpendYuan = fenToYuan(Number(r.training_fen));
    }
    const counted = history.get(r.school_code);
    schools.set(r.school_code, {
      schoolCode: r.school_code,
      name: r.name,
      kind: r.kind,
      areaType: r.area_type,
      ownership: r.ownership,
      boarding: r.boarding === true,
      townCode: r.town_code,
      centralSchoolCode: r.central_school_code,
      facilities: input?.facilities ? { ...input.facilities } : null,
      yearFunding,
      classes,
      otherStages,
      teachers,
      training: counted ? { ...counted.training } : { ...NO_TRAINING },
      rotation: counted ? { ...counted.rotation } : { ...NO_ROTATION },
    });
  }
  return { ctx, facts, schools };
}

/**
 * Every school of the county, with the school-year's funding fields the indicator inputs leave out (read
 * as the funding loader reads them: no record, no boarders and no money).
 */
async function readCountySchools(db: Queryable, countyCode: string, year: number): Promise<CountySchoolRow[]> {
  const { rows } = await db.execute<CountySchoolRow>(sql`
    SELECT s.school_code, s.name, s.kind::text AS kind, s.area_type::text AS area_type, s.ownership::text AS ownership,
           s.boarding, s.town_code, s.central_school_code, (sy.school_code IS NOT NULL) AS has_year,
           sy.boarders, sy.inclusion_students,
           sy.public_funding_allocated_fen::text AS allocated_fen, sy.training_spend_fen::text AS training_fen
      FROM schools s
      LEFT JOIN school_years sy ON sy.school_code = s.school_code AND sy.year = ${year}
     WHERE s.county_code = ${countyCode}
     ORDER BY s.school_code`);
  return rows;
}

/** The county's towns and, of the school codes a request names, those of other counties with their county. */
export async function loadNames(db: Queryable, countyCode: string, named: readonly string[]): Promise<Pick<Snapshot, 'towns' | 'foreign'>> {
  const codes = [...new Set(named)];
  const { rows } = await db.execute<{ kind: 'town' | 'school'; code: string; county_code: string }>(sql`
    SELECT 'town' AS kind, town_code AS code, county_code FROM towns WHERE county_code = ${countyCode}
    ${
      codes.length === 0
        ? sql``
        : sql`UNION ALL
    SELECT 'school', school_code, county_code FROM schools
     WHERE school_code IN (${sql.join(codes.map((c) => sql`${c}`), sql`, `)}) AND county_code <> ${countyCode}`
    }`);
  return {
    towns: new Set(rows.filter((r) => r.kind === 'town').map((r) => r.code)),
    foreign: new Map(rows.filter((r) => r.kind === 'school').map((r) => [r.code, r.county_code])),
  };
}

/** A deep copy a scenario may edit without touching the snapshot. */
export function copySchool(s: WorkingSchool): WorkingSchool {
  const teachers: WorkingSchool['teachers'] = {};
  for (const [stage, t] of Object.entries(s.teachers) as [Stage, TeacherCounts][]) teachers[stage] = { ...t };
  const otherStages: WorkingSchool['otherStages'] = {};
  for (const [stage, o] of Object.entries(s.otherStages) as ['preschool' | 'senior', { students: number; classes: number }][]) otherStages[stage] = { ...o };
  return {
    ...s,
    facilities: s.facilities ? { ...s.facilities, musicRoomAreasM2: [...s.facilities.musicRoomAreasM2], artRoomAreasM2: [...s.facilities.artRoomAreasM2] } : null,
    yearFunding: s.yearFunding ? { ...s.yearFunding } : null,
    classes: s.classes.map((c) => ({ ...c })),
    otherStages,
    teachers,
    training: { ...s.training },
    rotation: { ...s.rotation },
  };
}
