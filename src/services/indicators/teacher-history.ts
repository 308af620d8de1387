// B16 (training completion) and B18 (rotation) of a county-year in one aggregate over the teachers'
// histories: the reading of the scorecard (county figures) and of the what-if scenarios (figures per
// school, so that a removed school takes its teachers out of the county rates). ./teacher-rates.ts states
// the same counts one window at a time (`trainingCounts`, `rotationCounts`), reading each history twice;
// here the records of each teacher of year Y in scope are read once, over the longer of the two windows,
// and both windows are counted with FILTER clauses of one aggregate per teacher; the county's or each
// school's figures are a second aggregate over the teachers. The scope and the rules are those of ./teacher-rates.ts
// (docs/domain.md §5): B16 counts full-time teacher-years of the compulsory units, B18 every teacher-year
// of them; the figures are equal (test/indicators/teacher-history.test.ts).

import { sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../db/connection.js';
import { UNIT_STAGES_BY_KIND, type TrainingCounts } from '../../rules/indicators/index.js';
import type { IndicatorParams } from '../../rules/policies/indicator-params.js';
import type { RotationFigures } from './teacher-rates.js';

export interface TeacherHistoryCounts {
  training: TrainingCounts;
  rotation: RotationFigures;
}

/**
 * (kind, stage) pairs of the compulsory units, as a condition on schools `s` and teacher_years `ty`: one
 * array of `kind:stage` texts (a row-value IN list is expanded into an OR of ANDs per row, visibly slower).
 */
function compulsoryScope(): SQL {
  const pairs = Object.entries(UNIT_STAGES_BY_KIND).flatMap(([kind, stages]) => stages.map((stage) => `${kind}:${stage}`));
  return sql`(s.kind::text || ':' || ty.stage::text) = ANY(${sql.param(pairs)}::text[])`;
}

/**
 * The statement: per teacher of Y in scope (one teacher-year of Y each), Σ training hours and record years
 * over the training window, and records at Y's school over the tenure window, from one read of the
 * teacher's history through the primary key (staff_code, year); then the county's counts, or with
 * `bySchool` the counts per school of the teachers' year-Y records (one row per school with teachers in
 * scope).
 *
 * `ty.school_code = ANY(ARRAY(…))` rather than the join to schools alone: with the join, PostgreSQL
 * estimates most of teacher_years for one county and scans it; the array makes it read the county's
 * teacher-years through teacher_years_school_year_idx.
 *
 * The history is read in a LATERAL aggregate per teacher, not joined and then grouped by the teacher: the
 * scope condition makes PostgreSQL expect one row, so the grouped form sorted every history record by the
 * teacher (and again by the school). On a 150-school county of the synthetic province, county's counts /
 * counts per school: grouped 46 / 75 ms, LATERAL 27 / 36 ms. The aggregate always has a row: the
 * teacher's year-Y record is in both windows. Its range includes Y (although `cur` holds that record)
 * so that PostgreSQL estimates it as a teacher's few records and reads it through the primary key: over
 * the years before Y alone, a database with no such years yet is estimated to have none, and the
 * statement is planned to scan teacher_years_year_idx once per teacher, which stays fast only until those
 * years are loaded and the statistics lag behind.
 */
export function teacherHistoryQuery(countyCode: string, year: number, params: IndicatorParams, bySchool = false): SQL {
  const { hoursPerYear, windowYears } = params.training;
  const tenure = params.rotation.tenureYears;
  const trainingFrom = year - (windowYears - 1);
  const tenureFrom = year - (tenure - 1);
  const from = Math.min(trainingFrom, tenureFrom);
  const levels = params.backboneLevels;
  const backbone = levels.length === 0 ? sql`false` : sql`cur.backbone IN (${sql.join(levels.map((l) => sql`${l}`), sql`, `)})`;
  // the tenure rule applies only where eligibility is not given and the teacher did not rotate
  const byTenure = sql`(NOT cur.rotated AND cur.rotation_eligible IS NULL AND w.years_here >= ${tenure})`;
  return sql`
    WITH cur AS (
      SELECT ty.staff_code, ty.school_code, ty.full_time, ty.rotated, ty.rotation_eligible, ty.backbone_level::text AS backbone
        FROM teacher_years ty
        JOIN schools s ON s.school_code = ty.school_code
       WHERE s.county_code = ${countyCode}
         AND ty.school_code = ANY(ARRAY(SELECT s0.school_code FROM schools s0 WHERE s0.county_code = ${countyCode}))
         AND ty.year = ${year} AND ${compulsoryScope()}
    )
    SELECT ${bySchool ? sql`cur.school_code,` : sql``}
           count(*) FILTER (WHERE cur.full_time)::int AS full_time,
           count(*) FILTER (WHERE cur.full_time AND w.hours::numeric >= ${String(hoursPerYear)}::numeric * w.record_years)::int AS completed,
           count(*)::int AS teacher_years,
           count(*) FILTER (WHERE cur.rotated)::int AS rotated,
           count(*) FILTER (WHERE cur.rotated OR cur.rotation_eligible IS TRUE OR ${byTenure})::int AS eligible,
           count(*) FILTER (WHERE cur.rotated AND ${backbone})::int AS rotated_backbone,
           count(*) FILTER (WHERE ${byTenure})::int AS eligible_by_tenure
      FROM cur
      CROSS JOIN LATERAL (
        SELECT coalesce(sum(h.training_hours) FILTER (WHERE h.year >= ${trainingFrom}), 0) AS hours,
               count(*) FILTER (WHERE h.year >= ${trainingFrom}) AS record_years,
               count(*) FILTER (WHERE h.year >= ${tenureFrom} AND h.school_code = cur.school_code) AS years_here
          FROM teacher_years h
         WHERE h.staff_code = cur.staff_code AND h.year BETWEEN ${from} AND ${year}
      ) w
    ${bySchool ? sql`GROUP BY cur.school_code` : sql``}`;
}

interface Row extends Record<string, unknown> {
  full_time: number;
  completed: number;
  teacher_years: number;
  rotated: number;
  eligible: number;
  rotated_backbone: number;
  eligible_by_tenure: number;
}

const n = (v: unknown): number => Number(v ?? 0);

const countsOf = (r: Row | undefined): TeacherHistoryCounts => ({
  training: { fullTime: n(r?.full_time), completed: n(r?.completed) },
  rotation: {
    teacherYears: n(r?.teacher_years),
    rotated: n(r?.rotated),
    eligible: n(r?.eligible),
    rotatedBackbone: n(r?.rotated_backbone),
    eligibleByTenure: n(r?.eligible_by_tenure),
  },
});

/** B16 and B18 counts of a county-year, in one statement. */
export async function teacherHistoryCounts(db: Queryable, countyCode: string, year: number, params: IndicatorParams): Promise<TeacherHistoryCounts> {
  const { rows } = await db.execute<Row>(teacherHistoryQuery(countyCode, year, params));
  return countsOf(rows[0]);
}

/**
 * B16 and B18 counts per school of a county-year (the school of each teacher's year-Y record), in one
 * statement; their sum is `teacherHistoryCounts`. A school without teachers in scope has no entry.
 */
export async function teacherHistoryCountsBySchool(
  db: Queryable,
  countyCode: string,
  year: number,
  params: IndicatorParams,
): Promise<Map<string, TeacherHistoryCounts>> {
  const { rows } = await db.execute<Row & { school_code: string }>(teacherHistoryQuery(countyCode, year, params, true));
  return new Map(rows.map((r) => [r.school_code, countsOf(r)]));
}
