// B16 (training completion) and B18 (rotation) of a county-year in one aggregate over the teachers'
// histories: the scorecard's reading of `trainingCounts` and `rotationCounts` (./teacher-rates.ts), which
// read each history twice (one pass per window). Here each teacher of year Y in scope is joined once to
// the records of the longer of the two windows, and both windows are counted with FILTER clauses of the
// same GROUP BY; the county figures are a second aggregate over the per-teacher rows. The scope and the
// rules are those of ./teacher-rates.ts (docs/domain.md §5): B16 counts full-time teacher-years of the
// compulsory units, B18 every teacher-year of them; the figures are equal (test/indicators/teacher-history.test.ts).

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
 * over the training window, and records at Y's school over the tenure window, from one join to the
 * history through the primary key (staff_code, year); then the county's counts.
 *
 * `ty.school_code = ANY(ARRAY(…))` rather than the join to schools alone: with the join, PostgreSQL
 * estimates most of teacher_years for one county and scans it; the array makes it read the county's
 * teacher-years through teacher_years_school_year_idx.
 */
export function teacherHistoryQuery(countyCode: string, year: number, params: IndicatorParams): SQL {
  const { hoursPerYear, windowYears } = params.training;
  const tenure = params.rotation.tenureYears;
  const trainingFrom = year - (windowYears - 1);
  const tenureFrom = year - (tenure - 1);
  const from = Math.min(trainingFrom, tenureFrom);
  const levels = params.backboneLevels;
  const backbone = levels.length === 0 ? sql`false` : sql`t.backbone IN (${sql.join(levels.map((l) => sql`${l}`), sql`, `)})`;
  // the tenure rule applies only where eligibility is not given and the teacher did not rotate
  const byTenure = sql`(NOT t.rotated AND t.rotation_eligible IS NULL AND t.years_here >= ${tenure})`;
  return sql`
    WITH cur AS (
      SELECT ty.staff_code, ty.school_code, ty.full_time, ty.rotated, ty.rotation_eligible, ty.backbone_level::text AS backbone
        FROM teacher_years ty
        JOIN schools s ON s.school_code = ty.school_code
       WHERE s.county_code = ${countyCode}
         AND ty.school_code = ANY(ARRAY(SELECT s0.school_code FROM schools s0 WHERE s0.county_code = ${countyCode}))
         AND ty.year = ${year} AND ${compulsoryScope()}
    ),
    t AS (
      -- grouped by the teacher alone (one teacher-year of Y each, so the bool_and / min below are that
      -- row's values): a hash aggregate on one key instead of a sort on six
      SELECT bool_and(cur.full_time) AS full_time, bool_and(cur.rotated) AS rotated,
             bool_and(cur.rotation_eligible) AS rotation_eligible, min(cur.backbone) AS backbone,
             coalesce(sum(h.training_hours) FILTER (WHERE h.year >= ${trainingFrom}), 0) AS hours,
             count(*) FILTER (WHERE h.year >= ${trainingFrom}) AS record_years,
             count(*) FILTER (WHERE h.year >= ${tenureFrom} AND h.school_code = cur.school_code) AS years_here
        FROM cur
        JOIN teacher_years h ON h.staff_code = cur.staff_code AND h.year BETWEEN ${from} AND ${year}
       GROUP BY cur.staff_code
    )
    SELECT count(*) FILTER (WHERE t.full_time)::int AS full_time,
           count(*) FILTER (WHERE t.full_time AND t.hours::numeric >= ${String(hoursPerYear)}::numeric * t.record_years)::int AS completed,
           count(*)::int AS teacher_years,
           count(*) FILTER (WHERE t.rotated)::int AS rotated,
           count(*) FILTER (WHERE t.rotated OR t.rotation_eligible IS TRUE OR ${byTenure})::int AS eligible,
           count(*) FILTER (WHERE t.rotated AND ${backbone})::int AS rotated_backbone,
           count(*) FILTER (WHERE ${byTenure})::int AS eligible_by_tenure
      FROM t`;
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

/** B16 and B18 counts of a county-year, in one statement. */
export async function teacherHistoryCounts(db: Queryable, countyCode: string, year: number, params: IndicatorParams): Promise<TeacherHistoryCounts> {
  const { rows } = await db.execute<Row>(teacherHistoryQuery(countyCode, year, params));
  const r = rows[0];
  const n = (v: unknown) => Number(v ?? 0);
  return {
    training: { fullTime: n(r?.full_time), completed: n(r?.completed) },
    rotation: {
      teacherYears: n(r?.teacher_years),
      rotated: n(r?.rotated),
      eligible: n(r?.eligible),
      rotatedBackbone: n(r?.rotated_backbone),
      eligibleByTenure: n(r?.eligible_by_tenure),
    },
  };
}
