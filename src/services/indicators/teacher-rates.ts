// B16 (training completion) and B18 (rotation) counts of a county-year, computed in SQL one window at a
// time: the plain statement of each rule, kept as the reference that the one-statement reading of both
// windows (./teacher-history.ts, which the scorecard and the what-if scenarios use) is tested against, and
// for B16 per teacher (audits).
//
// Scope (the same as B19's `certificationCountsFromSchools`): teacher-years of year Y at schools of the
// county, public and private alike (the public-only scope of docs/domain.md §2 is for the B1–B7 units; §5 defines
// these rates over the county's teachers), whose stage is one of the compulsory units of the school's kind
// (UNIT_STAGES_BY_KIND: the primary stage of a primary school, both of a nine-year school, the junior
// stage of a complete secondary school; special, kindergarten and senior schools have none). B16 counts full-time teacher-years only (docs/domain.md §1); B18 every teacher-year,
// as docs/domain.md §5 defines it over teacher-years without the full-time restriction.

import { sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../db/connection.js';
import { UNIT_STAGES_BY_KIND, type RotationCounts, type TrainingCounts } from '../../rules/indicators/index.js';
import type { IndicatorParams } from '../../rules/policies/indicator-params.js';

/** (kind, stage) pairs of the compulsory units, as an SQL condition on schools `s` and teacher_years `ty`. */
function compulsoryScope(): SQL {
  const pairs = Object.entries(UNIT_STAGES_BY_KIND).flatMap(([kind, stages]) => stages.map((stage) => sql`(${kind}::text, ${stage}::text)`));
  return sql`(s.kind::text, ty.stage::text) IN (${sql.join(pairs, sql`, `)})`;
}

/**
 * The county's teacher-years, as a condition PostgreSQL answers from teacher_years_school_year_idx. The
 * join to schools alone makes it estimate most of the table and scan all of it (~150 ms at the size of
 * Guangdong); an array of the county's school codes, of unknown length to the planner, does not.
 */
function countyTeacherYears(countyCode: string): SQL {
  return sql`ty.school_code = ANY(ARRAY(SELECT s0.school_code FROM schools s0 WHERE s0.county_code = ${countyCode}))`;
}

/** A decimal policy figure as an exact SQL numeric (its decimal text, never a float). */
const numeric = (x: number): SQL => sql`${String(x)}::numeric`;

export interface TeacherTraining {
  staffCode: string;
  /** Training hours over the window Y−(windowYears−1) … Y. */
  hours: number;
  /** Years of the window with a teacher-year record (any school, any stage). */
  recordYears: number;
  completed: boolean;
}

/**
 * Per full-time teacher of year Y in scope: Σ training hours over the window and the number of years of
 * the window with a record; completed when hours ≥ hoursPerYear × recordYears (exactly the rule
 * `trainingCompleted`, in numeric arithmetic). A teacher has one record a year, so the school of Y's
 * record (grouped on beside the staff code) is one per teacher.
 */
function trainingQuery(countyCode: string, year: number, params: IndicatorParams): SQL {
  const { hoursPerYear, windowYears } = params.training;
  return sql`
    WITH cur AS (
      SELECT ty.staff_code, ty.school_code
        FROM teacher_years ty
        JOIN schools s ON s.school_code = ty.school_code
       WHERE s.county_code = ${countyCode} AND ${countyTeacherYears(countyCode)} AND ty.year = ${year} AND ty.full_time
         AND ${compulsoryScope()}
    )
    SELECT h.staff_code, cur.school_code,
           sum(h.training_hours)::int AS hours,
           count(*)::int AS record_years,
           (sum(h.training_hours)::numeric >= ${numeric(hoursPerYear)} * count(*)) AS completed
      FROM teacher_years h
      JOIN cur ON cur.staff_code = h.staff_code
     WHERE h.year BETWEEN ${year - (windowYears - 1)} AND ${year}
     GROUP BY h.staff_code, cur.school_code`;
}

/** B16 per teacher (for tests and audits; the county figure uses `trainingCounts`). */
export async function trainingByTeacher(
  db: Queryable,
  countyCode: string,
  year: number,
  params: IndicatorParams,
): Promise<TeacherTraining[]> {
  const { rows } = await db.execute<{ staff_code: string; hours: number; record_years: number; completed: boolean }>(
    sql`${trainingQuery(countyCode, year, params)} ORDER BY h.staff_code`,
  );
  return rows.map((r) => ({ staffCode: r.staff_code, hours: Number(r.hours), recordYears: Number(r.record_years), completed: r.completed === true }));
}

/** B16 counts: full-time teachers of Y in scope and those who completed. */
export async function trainingCounts(db: Queryable, countyCode: string, year: number, params: IndicatorParams): Promise<TrainingCounts> {
  const { rows } = await db.execute<{ full_time: number; completed: number }>(sql`
    SELECT count(*)::int AS full_time, count(*) FILTER (WHERE completed)::int AS completed
      FROM (${trainingQuery(countyCode, year, params)}) per_teacher`);
  const r = rows[0];
  return { fullTime: Number(r?.full_time ?? 0), completed: Number(r?.completed ?? 0) };
}

export interface RotationFigures extends RotationCounts {
  /** Of the eligible, those eligible by the tenure rule alone (rotationEligible not given, not rotated). */
  eligibleByTenure: number;
  /** Teacher-years of Y in scope. */
  teacherYears: number;
}

/**
 * B18 counts. Eligible: rotated, or rotationEligible true, or (rotationEligible not given) the tenure
 * rule: records at Y's school in each of the years Y−(tenureYears−1) … Y. Because a teacher has one record
 * per year, "tenureYears records at that school inside that window" is exactly "tenureYears consecutive
 * years ending with Y" (`tenureAtSchool`), so a count replaces the walk back through the history, and only
 * the histories of the teachers whose eligibility is not given are read.
 */
export async function rotationCounts(db: Queryable, countyCode: string, year: number, params: IndicatorParams): Promise<RotationFigures> {
  const { rows } = await db.execute<RotationRow>(rotationQuery(countyCode, year, params));
  return rotationFigures(rows[0]);
}

interface RotationRow extends Record<string, unknown> {
  teacher_years: number;
  rotated: number;
  eligible: number;
  rotated_backbone: number;
  eligible_by_tenure: number;
}

const rotationFigures = (r: RotationRow | undefined): RotationFigures => ({
  teacherYears: Number(r?.teacher_years ?? 0),
  rotated: Number(r?.rotated ?? 0),
  eligible: Number(r?.eligible ?? 0),
  rotatedBackbone: Number(r?.rotated_backbone ?? 0),
  eligibleByTenure: Number(r?.eligible_by_tenure ?? 0),
});

function rotationQuery(countyCode: string, year: number, params: IndicatorParams): SQL {
  const tenure = params.rotation.tenureYears;
  const levels = params.backboneLevels;
  const backbone = levels.length === 0 ? sql`false` : sql`cur.backbone IN (${sql.join(levels.map((l) => sql`${l}`), sql`, `)})`;
  return sql`
    WITH cur AS (
      SELECT ty.staff_code, ty.school_code, ty.rotated, ty.rotation_eligible, ty.backbone_level::text AS backbone
        FROM teacher_years ty
        JOIN schools s ON s.school_code = ty.school_code
       WHERE s.county_code = ${countyCode} AND ${countyTeacherYears(countyCode)} AND ty.year = ${year} AND ${compulsoryScope()}
    )
    SELECT count(*)::int AS teacher_years,
           count(*) FILTER (WHERE cur.rotated)::int AS rotated,
           count(*) FILTER (WHERE cur.rotated OR cur.rotation_eligible IS TRUE
                              OR (cur.rotation_eligible IS NULL AND coalesce(tenure.years_here, 0) >= ${tenure}))::int AS eligible,
           count(*) FILTER (WHERE cur.rotated AND ${backbone})::int AS rotated_backbone,
           count(*) FILTER (WHERE NOT cur.rotated AND cur.rotation_eligible IS NULL
                              AND coalesce(tenure.years_here, 0) >= ${tenure})::int AS eligible_by_tenure
      FROM cur
      -- per teacher, through the primary key (staff_code, year); a join of two CTEs here was planned as a
      -- nested loop over both (the scope condition makes PostgreSQL expect one row) and took seconds
      CROSS JOIN LATERAL (
        SELECT count(*)::int AS years_here
          FROM teacher_years h
         WHERE NOT cur.rotated AND cur.rotation_eligible IS NULL
           AND h.staff_code = cur.staff_code AND h.school_code = cur.school_code
           AND h.year BETWEEN ${year - (tenure - 1)} AND ${year}
      ) tenure`;
}
