// The lower bound of the indicator benchmarks (issue 6): one hand-written SQL aggregate that reads the rows
// resource allocation reads (schools, school-years, classes, full-time teacher-years) and returns, per
// assessment unit, the same numerators and denominators as the service: students, qualified / backbone /
// PE-and-arts teachers, and the unit's share of teaching area, sports area, equipment value and multimedia
// classrooms (docs/domain.md §2 apportionment by weighted students), rounded as the service displays them.
//
// It does no rule at all (no verdict, no dispersion, no explanation): what is left between it and the
// service is the cost of the service's queries, the rules and the answer. The policy's figures (weights,
// education levels, backbone levels, subjects, scope) are parameters, so the bound follows the policy the
// counties use. `teachingPoints: merge` is not covered (no synthetic county uses it).
import type pg from 'pg';
import { EDUCATION_LEVELS } from '../src/rules/vocabulary.js';
import type { IndicatorParams } from '../src/rules/policies/indicator-params.js';
import { SYNTHETIC_COUNTY_PATTERN } from '../scripts/province/codes.js';

export interface BoundUnit {
  county_code: string;
  school_code: string;
  stage: 'primary' | 'junior';
  students: number;
  qualified: number;
  backbone: number;
  arts_pe: number;
  /** Facility shares, rounded like the service's numerators; null without a school-year record. */
  teaching_area_m2: string | null;
  sports_area_m2: string | null;
  equipment_yuan: string | null;
  multimedia_classrooms: string | null;
}

/** Education levels that count for B1 at a stage (the policy's minimum and above). */
const qualifiedLevels = (min: string): string[] => EDUCATION_LEVELS.slice(EDUCATION_LEVELS.indexOf(min as never));

/** The statement for the synthetic province (`countyCode` undefined) or for one county. */
export function indicatorBoundQuery(params: IndicatorParams, year: number, countyCode?: string): pg.QueryConfig {
  if (params.teachingPoints === 'merge') throw new Error('the indicator bound does not cover teachingPoints: merge');
  const kinds = ['primary', 'junior', 'nine_year', 'twelve_year', 'complete_secondary'];
  if (params.teachingPoints === 'separate') kinds.push('teaching_point');
  const w = params.apportionWeights;
  const values: unknown[] = [
    year, // $1
    countyCode ?? SYNTHETIC_COUNTY_PATTERN, // $2
    kinds, // $3
    String(w.preschool), // $4
    String(w.primary), // $5
    String(w.junior), // $6
    String(w.senior), // $7
    qualifiedLevels(params.qualifiedEducationMin.primary), // $8
    qualifiedLevels(params.qualifiedEducationMin.junior), // $9
    params.backboneLevels, // $10
    params.artsPeSubjects, // $11
  ];
  const county = countyCode === undefined ? 's.county_code ~ $2' : 's.county_code = $2';
  const ownership = params.assessPrivateSchools ? '' : "AND s.ownership = 'public'";
  const teaching = params.subtractIndoorSportsFromTeachingArea
    ? '(sy.teaching_area_m2 - coalesce(sy.indoor_sports_area_m2, 0))'
    : 'sy.teaching_area_m2';
  const text = `
    WITH sc AS (
      SELECT s.school_code, s.county_code, s.kind
        FROM schools s
       WHERE ${county} ${ownership} AND s.kind::text = ANY($3::text[])
    ),
    cls AS (
      SELECT c.school_code,
             sum(c.students) FILTER (WHERE c.stage = 'preschool') AS pre,
             sum(c.students) FILTER (WHERE c.stage = 'primary') AS pri,
             sum(c.students) FILTER (WHERE c.stage = 'junior') AS jun,
             sum(c.students) FILTER (WHERE c.stage = 'senior') AS sen
        FROM classes c JOIN sc ON sc.school_code = c.school_code
       WHERE c.year = $1
       GROUP BY c.school_code
    ),
    tch AS (
      SELECT ty.school_code, ty.stage,
             count(*) FILTER (WHERE ty.education::text = ANY(CASE ty.stage WHEN 'primary' THEN $8::text[] ELSE $9::text[] END)) AS qualified,
             count(*) FILTER (WHERE ty.backbone_level::text = ANY($10::text[])) AS backbone,
             count(*) FILTER (WHERE ty.subject = ANY($11::text[])) AS arts_pe
        FROM teacher_years ty JOIN sc ON sc.school_code = ty.school_code
       WHERE ty.year = $1 AND ty.full_time AND ty.stage IN ('primary', 'junior')
       GROUP BY ty.school_code, ty.stage
    ),
    unit AS (
      SELECT sc.county_code, sc.school_code, st.stage,
             coalesce(CASE st.stage WHEN 'primary' THEN cls.pri ELSE cls.jun END, 0) AS students,
             coalesce(cls.pre, 0) * $4::numeric + coalesce(cls.pri, 0) * $5::numeric
               + coalesce(cls.jun, 0) * $6::numeric + coalesce(cls.sen, 0) * $7::numeric AS weighted,
             CASE st.stage WHEN 'primary' THEN $5::numeric ELSE $6::numeric END AS weight,
             sy.school_code IS NOT NULL AS has_year,
             ${teaching} AS teaching, sy.sports_area_m2 AS sports, sy.equipment_value_fen AS equipment_fen,
             sy.multimedia_classrooms AS multimedia
        FROM sc
        CROSS JOIN LATERAL unnest(CASE
               WHEN sc.kind IN ('primary', 'teaching_point') THEN ARRAY['primary']
               WHEN sc.kind IN ('junior', 'complete_secondary') THEN ARRAY['junior']
               ELSE ARRAY['primary', 'junior'] END) AS st(stage)
        LEFT JOIN cls ON cls.school_code = sc.school_code
        LEFT JOIN school_years sy ON sy.school_code = sc.school_code AND sy.year = $1
       WHERE sy.school_code IS NOT NULL OR cls.school_code IS NOT NULL
    )
    SELECT u.county_code, u.school_code, u.stage, u.students::int AS students,
           coalesce(t.qualified, 0)::int AS qualified, coalesce(t.backbone, 0)::int AS backbone, coalesce(t.arts_pe, 0)::int AS arts_pe,
           CASE WHEN u.has_year THEN round(CASE WHEN u.weighted = 0 THEN 0 ELSE u.teaching * u.students * u.weight / u.weighted END, 2)::text END AS teaching_area_m2,
           CASE WHEN u.has_year THEN round(CASE WHEN u.weighted = 0 THEN 0 ELSE u.sports * u.students * u.weight / u.weighted END, 2)::text END AS sports_area_m2,
           CASE WHEN u.has_year THEN round(CASE WHEN u.weighted = 0 THEN 0 ELSE u.equipment_fen * u.students * u.weight / (100 * u.weighted) END, 2)::text END AS equipment_yuan,
           CASE WHEN u.has_year THEN round(CASE WHEN u.weighted = 0 THEN 0 ELSE u.multimedia * u.students * u.weight / u.weighted END, 4)::text END AS multimedia_classrooms
      FROM unit u
      LEFT JOIN tch t ON t.school_code = u.school_code AND t.stage::text = u.stage`;
  return { text, values };
}

/** Runs the bound; the rows are the per-unit numerators and denominators. */
export async function runIndicatorBound(pool: pg.Pool, params: IndicatorParams, year: number, countyCode?: string): Promise<BoundUnit[]> {
  return (await pool.query<BoundUnit>(indicatorBoundQuery(params, year, countyCode))).rows;
}

/** The service's per-unit figures in the bound's shape (from a resource-allocation answer). */
export interface ServiceUnit {
  schoolCode: string;
  stage: string;
  students: number;
  indicators: Record<string, { numerator: number | null; denominator: number }> | null;
}

/**
 * Differences between the service's units and the bound's rows of the same counties (empty when they agree): the same units,
 * the same students, and for units with students the same B1–B7 numerators and denominators.
 */
export function compareWithBound(service: readonly ServiceUnit[], bound: readonly BoundUnit[], limit = 10): string[] {
  const problems: string[] = [];
  const byKey = new Map(bound.map((b) => [`${b.school_code}:${b.stage}`, b]));
  const seen = new Set<string>();
  const num = (x: string | null) => (x === null ? null : Number(x));
  for (const u of service) {
    const key = `${u.schoolCode}:${u.stage}`;
    seen.add(key);
    const b = byKey.get(key);
    if (!b) {
      problems.push(`${key}: in the service, not in the bound`);
      continue;
    }
    if (b.students !== u.students) problems.push(`${key}: students ${u.students} vs bound ${b.students}`);
    if (u.indicators === null) continue;
    const expected: Record<string, number | null> = {
      B1: b.qualified,
      B2: b.backbone,
      B3: b.arts_pe,
      B4: num(b.teaching_area_m2),
      B5: num(b.sports_area_m2),
      B6: num(b.equipment_yuan),
      B7: num(b.multimedia_classrooms),
    };
    for (const [id, value] of Object.entries(expected)) {
      const r = u.indicators[id];
      if (!r) problems.push(`${key} ${id}: missing in the service`);
      else if (r.numerator !== value || r.denominator !== b.students) {
        problems.push(`${key} ${id}: ${r.numerator}/${r.denominator} vs bound ${value}/${b.students}`);
      }
    }
    if (problems.length >= limit) return problems;
  }
  for (const b of bound) {
    const key = `${b.school_code}:${b.stage}`;
    if (!seen.has(key)) problems.push(`${key}: in the bound, not in the service`);
  }
  return problems.slice(0, limit);
}
