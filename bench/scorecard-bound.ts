// The lower bound of the county scorecard: hand-written SQL that returns the county-level figures a
// scorecard is decided on, history windows included, run side by side on the pool as the service runs
// its queries: the B1–B7 numerators and denominators per unit (bench/indicator-bound.ts), B16 and B18
// from one aggregate over the teachers' histories (training window and tenure window), the B19 counts,
// the class counts and sizes per school and stage (B8–B12), every school's funding inputs (B13, B14, B26:
// bench/funding.ts) and the county's facts and policy assignment. It decides nothing and explains nothing:
// what is left between it and the service is the cost of the service's queries, rules and answer.
import type pg from 'pg';
import type { IndicatorParams } from '../src/rules/policies/indicator-params.js';
import { UNIT_STAGES_BY_KIND } from '../src/rules/indicators/index.js';
import { fundingBoundQuery } from './funding.js';
import { indicatorBoundQuery } from './indicator-bound.js';

export interface HistoryBound {
  full_time: number;
  completed: number;
  certified: number;
  teacher_years: number;
  rotated: number;
  eligible: number;
  rotated_backbone: number;
  eligible_by_tenure: number;
}

const COMPULSORY = Object.entries(UNIT_STAGES_BY_KIND).flatMap(([kind, stages]) => stages.map((stage) => `${kind}:${stage}`));

/** B16 / B18 (and B19) of one county-year: one aggregate over the histories of its teachers of the year. */
export function historyBoundQuery(params: IndicatorParams, year: number, countyCode: string): pg.QueryConfig {
  const trainingFrom = year - (params.training.windowYears - 1);
  const tenureFrom = year - (params.rotation.tenureYears - 1);
  return {
    text: `
      WITH cur AS (
        SELECT ty.staff_code, ty.school_code, ty.full_time, ty.certified, ty.rotated, ty.rotation_eligible, ty.backbone_level::text AS backbone
          FROM teacher_years ty JOIN schools s ON s.school_code = ty.school_code
         WHERE ty.school_code = ANY(ARRAY(SELECT school_code FROM schools WHERE county_code = $2)) AND s.county_code = $2
           AND ty.year = $1 AND (s.kind::text || ':' || ty.stage::text) = ANY($3::text[])
      ),
      t AS (
        SELECT bool_and(cur.full_time) AS full_time, bool_and(cur.certified) AS certified, bool_and(cur.rotated) AS rotated,
               bool_and(cur.rotation_eligible) AS rotation_eligible, min(cur.backbone) AS backbone,
               coalesce(sum(h.training_hours) FILTER (WHERE h.year >= $4::int), 0) AS hours,
               count(*) FILTER (WHERE h.year >= $4::int) AS record_years,
               count(*) FILTER (WHERE h.year >= $5::int AND h.school_code = cur.school_code) AS years_here
          FROM cur JOIN teacher_years h ON h.staff_code = cur.staff_code AND h.year BETWEEN least($4::int, $5::int) AND $1
         GROUP BY cur.staff_code
      )
      SELECT count(*) FILTER (WHERE full_time)::int AS full_time,
             count(*) FILTER (WHERE full_time AND hours::numeric >= $6::numeric * record_years)::int AS completed,
             count(*) FILTER (WHERE full_time AND certified)::int AS certified,
             count(*)::int AS teacher_years,
             count(*) FILTER (WHERE rotated)::int AS rotated,
             count(*) FILTER (WHERE rotated OR rotation_eligible IS TRUE
                                OR (NOT rotated AND rotation_eligible IS NULL AND years_here >= $7::int))::int AS eligible,
             count(*) FILTER (WHERE rotated AND backbone = ANY($8::text[]))::int AS rotated_backbone,
             count(*) FILTER (WHERE NOT rotated AND rotation_eligible IS NULL AND years_here >= $7::int)::int AS eligible_by_tenure
        FROM t`,
    values: [year, countyCode, COMPULSORY, trainingFrom, tenureFrom, String(params.training.hoursPerYear), params.rotation.tenureYears, params.backboneLevels],
  };
}

/** Classes per school and stage of a county-year: count, students, the largest class. */
export function classBoundQuery(year: number, countyCode: string): pg.QueryConfig {
  return {
    text: `
      SELECT c.school_code, c.stage::text AS stage, count(*)::int AS classes, sum(c.students)::int AS students, max(c.students)::int AS largest
        FROM classes c
       WHERE c.school_code = ANY(ARRAY(SELECT school_code FROM schools WHERE county_code = $2)) AND c.year = $1
       GROUP BY c.school_code, c.stage`,
    values: [year, countyCode],
  };
}

/** The county's name, facts and policy assignment of the year. */
export function countyBoundQuery(year: number, countyCode: string): pg.QueryConfig {
  return {
    text: `
      SELECT co.name, f.facts, p.policy_id
        FROM counties co
        LEFT JOIN county_facts f ON f.county_code = co.county_code AND f.year = $1
        LEFT JOIN county_year_policies p ON p.county_code = co.county_code AND p.year = $1
       WHERE co.county_code = $2`,
    values: [year, countyCode],
  };
}

export interface ScorecardBound {
  units: number;
  history: HistoryBound;
  classRows: number;
  fundingSchools: number;
  county: { name: string } | undefined;
}

/** Runs the five statements side by side on the pool; `rows` keeps what an answer would be built from. */
export async function runScorecardBound(pool: pg.Pool, params: IndicatorParams, year: number, countyCode: string) {
  const [units, history, classes, funding, county] = await Promise.all([
    pool.query(indicatorBoundQuery(params, year, countyCode)),
    pool.query<HistoryBound>(historyBoundQuery(params, year, countyCode)),
    pool.query(classBoundQuery(year, countyCode)),
    pool.query(fundingBoundQuery(year, countyCode)),
    pool.query<{ name: string }>(countyBoundQuery(year, countyCode)),
  ]);
  return { units: units.rows, history: history.rows[0] as HistoryBound, classes: classes.rows, funding: funding.rows, county: county.rows[0] };
}
