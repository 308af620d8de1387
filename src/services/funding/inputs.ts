// Turns the database into the funding engine's inputs (FundingSchoolInput[]), one SQL query per
// county-year: students per stage are sums of class sizes (docs/domain.md §1), counted in the database.
//
// Which schools take part in a county-year: every school of the county that has at least one class
// in that year. Students are defined as sums of class sizes, so a school without classes has no
// students and nothing to fund; it is listed as `withoutClasses` (when it has a school-year record)
// so an auditor sees it was left out, never silently funded at zero. A school with classes but no
// school-year record takes part with 0 boarders, 0 inclusion students and no declared allocation or
// training spend (compliance then says `not_assessable` and names the missing field).

import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/connection.js';
import { fenToYuan, type FundingSchoolInput } from '../../rules/funding/index.js';
import type { AreaType, Ownership, SchoolKind } from '../../rules/vocabulary.js';
import { ServiceError, notFound } from '../errors.js';

interface InputRow extends Record<string, unknown> {
  county_code: string;
  school_code: string | null;
  name: string | null;
  kind: SchoolKind | null;
  area_type: AreaType | null;
  ownership: Ownership | null;
  boarding: boolean | null;
  has_year: boolean;
  classes: number;
  preschool: number;
  primary_students: number;
  junior: number;
  senior: number;
  boarders: number;
  inclusion_students: number;
  allocated_fen: string | null;
  training_fen: string | null;
}

export interface SchoolLabel {
  schoolCode: string;
  name: string;
  kind: SchoolKind;
}

export interface CountyYearInputs {
  countyCode: string;
  year: number;
  /** Engine inputs of the schools that take part, sorted by school code. */
  inputs: FundingSchoolInput[];
  /** Name and kind by school code, for answers and CSV. */
  labels: Map<string, SchoolLabel>;
  /** Schools with a school-year record but no classes in that year: left out (no students). */
  withoutClasses: string[];
}

/**
 * The same select for a county and for one school; `where` picks which, and `classScope` limits the class
 * sums to the same schools. Without that limit the class sums were computed for every school of the
 * province and then joined (about 200 ms per county at the size of Guangdong, for a few hundred rows).
 */
function inputQuery(year: number, where: ReturnType<typeof sql>, classScope: ReturnType<typeof sql>) {
  return sql`
    WITH cls AS (
      SELECT c.school_code,
             count(*)::int AS classes,
             coalesce(sum(c.students) FILTER (WHERE c.stage = 'preschool'), 0)::int AS preschool,
             coalesce(sum(c.students) FILTER (WHERE c.stage = 'primary'), 0)::int AS primary_students,
             coalesce(sum(c.students) FILTER (WHERE c.stage = 'junior'), 0)::int AS junior,
             coalesce(sum(c.students) FILTER (WHERE c.stage = 'senior'), 0)::int AS senior
        FROM classes c
       WHERE c.year = ${year} AND ${classScope}
       GROUP BY c.school_code
    )
    SELECT co.county_code,
           s.school_code, s.name, s.kind::text AS kind, s.area_type::text AS area_type,
           s.ownership::text AS ownership, s.boarding,
           (sy.school_code IS NOT NULL) AS has_year,
           coalesce(cls.classes, 0)::int AS classes,
           coalesce(cls.preschool, 0)::int AS preschool,
           coalesce(cls.primary_students, 0)::int AS primary_students,
           coalesce(cls.junior, 0)::int AS junior,
           coalesce(cls.senior, 0)::int AS senior,
           coalesce(sy.boarders, 0)::int AS boarders,
           coalesce(sy.inclusion_students, 0)::int AS inclusion_students,
           sy.public_funding_allocated_fen::text AS allocated_fen,
           sy.training_spend_fen::text AS training_fen
      FROM counties co
      LEFT JOIN schools s ON s.county_code = co.county_code
      LEFT JOIN cls ON cls.school_code = s.school_code
      LEFT JOIN school_years sy ON sy.school_code = s.school_code AND sy.year = ${year}
     WHERE ${where}
     ORDER BY s.school_code`;
}

const yuanOrNull = (fen: string | null): number | null => (fen === null ? null : fenToYuan(Number(fen)));

function toInput(r: InputRow): FundingSchoolInput {
  const input: FundingSchoolInput = {
    schoolCode: r.school_code as string,
    kind: r.kind as SchoolKind,
    areaType: r.area_type as AreaType,
    ownership: r.ownership as Ownership,
    boarding: r.boarding === true,
    students: {
      preschool: Number(r.preschool),
      primary: Number(r.primary_students),
      junior: Number(r.junior),
      senior: Number(r.senior),
    },
    boarders: Number(r.boarders),
    inclusionStudents: Number(r.inclusion_students),
  };
  const allocated = yuanOrNull(r.allocated_fen);
  const training = yuanOrNull(r.training_fen);
  if (allocated !== null) input.publicFundingAllocatedYuan = allocated;
  if (training !== null) input.trainingSpendYuan = training;
  return input;
}

const noData = (detail: string) => new ServiceError(404, 'not-found', 'Not Found', detail);

/**
 * Inputs of every school of a county-year that has classes that year. `allowEmpty` (verify's drift
 * check) answers an empty list instead of 404 when the county has no classes that year.
 */
export async function loadCountyInputs(
  db: Queryable,
  countyCode: string,
  year: number,
  options: { allowEmpty?: boolean } = {},
): Promise<CountyYearInputs> {
  const { rows } = await db.execute<InputRow>(
    inputQuery(
      year,
      sql`co.county_code = ${countyCode}`,
      sql`c.school_code = ANY(ARRAY(SELECT s0.school_code FROM schools s0 WHERE s0.county_code = ${countyCode}))`,
    ),
  );
  if (rows.length === 0) throw notFound(`county ${countyCode}`);
  const inputs: FundingSchoolInput[] = [];
  const labels = new Map<string, SchoolLabel>();
  const withoutClasses: string[] = [];
  let schools = 0;
  let schoolYears = 0;
  for (const r of rows) {
    if (r.school_code === null) continue;
    schools++;
    if (r.has_year) schoolYears++;
    if (Number(r.classes) > 0) {
      inputs.push(toInput(r));
      labels.set(r.school_code, { schoolCode: r.school_code, name: r.name ?? '', kind: r.kind as SchoolKind });
    } else if (r.has_year) {
      withoutClasses.push(r.school_code);
    }
  }
  if (inputs.length === 0 && !options.allowEmpty) {
    if (schools === 0) throw noData(`county ${countyCode} has no schools, so there is nothing to fund in ${year}`);
    throw noData(
      `no school of county ${countyCode} has classes in ${year} (${schoolYears} of ${schools} schools have a school-year record): ` +
        'load the classes of that year (PUT /v1/schools/{schoolCode}/years/{year}/classes or POST /v1/bulk) first',
    );
  }
  return { countyCode, year, inputs, labels, withoutClasses };
}

/**
 * Inputs of several counties of one year in one query (a province at once): the class sums come from one
 * aggregate over the year's classes of those counties' schools. Counties without a school with classes
 * are left out of the map (the caller lists them); unknown counties too.
 */
export async function loadCountiesInputs(db: Queryable, countyCodes: readonly string[], year: number): Promise<Map<string, CountyYearInputs>> {
  const out = new Map<string, CountyYearInputs>();
  if (countyCodes.length === 0) return out;
  const list = sql.join(
    countyCodes.map((c) => sql`${c}`),
    sql`, `,
  );
  // The plain form of a province's read: the schools of the counties, the class sums of the year in one
  // hash aggregate, the school-years. For a few counties the class sums are limited to their schools
  // (an index scan); for many, aggregating the year's classes once is faster than limiting them.
  const classScope = countyCodes.length <= MANY_COUNTIES ? sql`AND c.school_code IN (SELECT s0.school_code FROM schools s0 WHERE s0.county_code IN (${list}))` : sql``;
  const { rows } = await db.execute<InputRow>(sql`
    SELECT s.county_code, s.school_code, s.name, s.kind::text AS kind, s.area_type::text AS area_type,
           s.ownership::text AS ownership, s.boarding,
           (sy.school_code IS NOT NULL) AS has_year,
           coalesce(cls.classes, 0) AS classes,
           coalesce(cls.preschool, 0) AS preschool,
           coalesce(cls.primary_students, 0) AS primary_students,
           coalesce(cls.junior, 0) AS junior,
           coalesce(cls.senior, 0) AS senior,
           coalesce(sy.boarders, 0) AS boarders,
           coalesce(sy.inclusion_students, 0) AS inclusion_students,
           sy.public_funding_allocated_fen::text AS allocated_fen,
           sy.training_spend_fen::text AS training_fen
      FROM schools s
      LEFT JOIN (
        SELECT c.school_code,
               count(*)::int AS classes,
               coalesce(sum(c.students) FILTER (WHERE c.stage = 'preschool'), 0)::int AS preschool,
               coalesce(sum(c.students) FILTER (WHERE c.stage = 'primary'), 0)::int AS primary_students,
               coalesce(sum(c.students) FILTER (WHERE c.stage = 'junior'), 0)::int AS junior,
               coalesce(sum(c.students) FILTER (WHERE c.stage = 'senior'), 0)::int AS senior
          FROM classes c
         WHERE c.year = ${year} ${classScope}
         GROUP BY c.school_code
      ) cls ON cls.school_code = s.school_code
      LEFT JOIN school_years sy ON sy.school_code = s.school_code AND sy.year = ${year}
     WHERE s.county_code IN (${list}) AND (cls.school_code IS NOT NULL OR sy.school_code IS NOT NULL)
     ORDER BY s.school_code`);
  for (const r of rows) {
    let county = out.get(r.county_code);
    if (!county) out.set(r.county_code, (county = { countyCode: r.county_code, year, inputs: [], labels: new Map(), withoutClasses: [] }));
    if (Number(r.classes) > 0) {
      county.inputs.push(toInput(r));
      county.labels.set(r.school_code as string, { schoolCode: r.school_code as string, name: r.name ?? '', kind: r.kind as SchoolKind });
    } else if (r.has_year) {
      county.withoutClasses.push(r.school_code as string);
    }
  }
  for (const [code, county] of out) if (county.inputs.length === 0) out.delete(code);
  return out;
}

/** From this many counties on, a province's read aggregates the year's classes once instead of limiting them. */
const MANY_COUNTIES = 20;

export interface SchoolYearInput {
  countyCode: string;
  input: FundingSchoolInput;
  label: SchoolLabel;
}

/**
 * Inputs of one school-year (the same query, filtered to the school). `visible` runs as soon as the
 * school's county is known, so a caller who may not see the county gets the same 404 as for a missing school.
 */
export async function loadSchoolInput(
  db: Queryable,
  schoolCode: string,
  year: number,
  visible: (countyCode: string) => void = () => {},
): Promise<SchoolYearInput> {
  const { rows } = await db.execute<InputRow>(inputQuery(year, sql`s.school_code = ${schoolCode}`, sql`c.school_code = ${schoolCode}`));
  const r = rows[0];
  if (!r || r.school_code === null) throw notFound(`school ${schoolCode}`);
  visible(r.county_code);
  if (Number(r.classes) === 0) {
    throw noData(
      `school ${schoolCode} has no classes in ${year}${r.has_year ? '' : ' and no school-year record'}: ` +
        'its students are the sum of its class sizes, so there is no entitlement to compute',
    );
  }
  return {
    countyCode: r.county_code,
    input: toInput(r),
    label: { schoolCode: r.school_code, name: r.name ?? '', kind: r.kind as SchoolKind },
  };
}
