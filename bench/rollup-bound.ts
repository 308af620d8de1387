// The lower bound of a province's roll-up: hand-written SQL, run side by side on the pool as the service
// runs its reads, that returns one row per county with everything SQL can state of the roll-up's row and
// the rows the rest is decided on: the B12 class counts (classes, above the stage limit, 大班额, 超大班额)
// and B11 schools above their cap per county, computed in SQL; the B1–B7 numerators and denominators per
// unit (bench/indicator-bound.ts: the cvs, verdicts and failing units are decided on them); every school's
// funding inputs (bench/funding.ts: the entitlement and B13 / B14 / B26); B16 / B18 per county from the
// teachers' history windows (bench/scorecard-bound.ts, one statement per county side by side, the form
// that keeps both cores busy); the counties' names, cities, facts and policy assignments. It decides no
// rule and explains nothing: what is left between it and the service is the cost of the service's reads,
// the rules and the answer.
import type pg from 'pg';
import { UNIT_STAGES_BY_KIND } from '../src/rules/indicators/index.js';
import type { IndicatorParams } from '../src/rules/policies/indicator-params.js';
import { SYNTHETIC_COUNTY_PATTERN } from '../scripts/province/codes.js';
import { fundingBoundQuery, type FundingInputRow } from './funding.js';
import { indicatorBoundQuery, type BoundUnit } from './indicator-bound.js';
import { historyBoundQuery, type HistoryBound } from './scorecard-bound.js';

/** Kinds whose classes B12 looks at: a kind with a compulsory stage, not exempt by the policy. */
const classSizeKinds = (params: IndicatorParams): string[] =>
  Object.entries(UNIT_STAGES_BY_KIND)
    .filter(([kind, stages]) => stages.length > 0 && !params.classSize.exemptKinds.includes(kind as never))
    .map(([kind]) => kind);

/** B12 per county: compulsory classes of the schools B12 applies to, above the stage limit, ≥ largeMin, ≥ superLargeMin. */
export function classCountsBoundQuery(params: IndicatorParams, year: number, countyCodes: readonly string[]): pg.QueryConfig {
  const c = params.classSize;
  return {
    text: `
      SELECT s.county_code,
             count(*)::int AS classes,
             count(*) FILTER (WHERE cl.students > CASE cl.stage WHEN 'primary' THEN $3::int ELSE $4::int END)::int AS over_limit,
             count(*) FILTER (WHERE cl.students >= $5::int)::int AS large,
             count(*) FILTER (WHERE cl.students >= $6::int)::int AS super_large
        FROM classes cl JOIN schools s ON s.school_code = cl.school_code
       WHERE cl.year = $1 AND s.county_code = ANY($2::text[]) AND cl.stage IN ('primary', 'junior') AND s.kind::text = ANY($7::text[])
       GROUP BY s.county_code`,
    values: [year, countyCodes, c.max.primary, c.max.junior, c.largeMin, c.superLargeMin, classSizeKinds(params)],
  };
}

/**
 * B11 per county: the schools of the year (with a school-year record or a class) of a kind with a cap, and
 * those whose compulsory pupils (primary + junior classes) are above it.
 */
export function schoolSizeBoundQuery(params: IndicatorParams, year: number, countyCodes: readonly string[]): pg.QueryConfig {
  return {
    text: `
      SELECT s.county_code, count(*)::int AS schools,
             count(*) FILTER (WHERE coalesce(x.compulsory, 0) > ($3::jsonb ->> s.kind::text)::int)::int AS over_cap
        FROM schools s
        LEFT JOIN (SELECT cl.school_code, sum(cl.students) FILTER (WHERE cl.stage IN ('primary', 'junior')) AS compulsory
                     FROM classes cl WHERE cl.year = $1 GROUP BY cl.school_code) x ON x.school_code = s.school_code
        LEFT JOIN school_years sy ON sy.school_code = s.school_code AND sy.year = $1
       WHERE s.county_code = ANY($2::text[]) AND $3::jsonb ? s.kind::text
         AND (x.school_code IS NOT NULL OR sy.school_code IS NOT NULL)
       GROUP BY s.county_code`,
    values: [year, countyCodes, JSON.stringify(params.schoolSizeMax)],
  };
}

/** The counties of a province that the bound covers, with their facts and policy assignment of the year. */
export function countiesBoundQuery(year: number, provinceCode: string, countyCodes: readonly string[]): pg.QueryConfig {
  return {
    text: `
      SELECT co.county_code, co.name, co.city_code, f.facts, p.policy_id
        FROM counties co
        LEFT JOIN county_facts f ON f.county_code = co.county_code AND f.year = $1
        LEFT JOIN county_year_policies p ON p.county_code = co.county_code AND p.year = $1
       WHERE co.province_code = $2 AND co.county_code = ANY($3::text[])
       ORDER BY co.county_code`,
    values: [year, provinceCode, countyCodes],
  };
}

export interface BoundRow {
  countyCode: string;
  name: string;
  cityCode: string | null;
  policyId: string | null;
  hasFacts: boolean;
  classSizes: { classes: number; overLimit: number; large: number; superLarge: number };
  schoolSize: { schools: number; overCap: number };
  history: HistoryBound;
  /** The county's B1–B7 units, with their numerators and denominators. */
  units: BoundUnit[];
  /** The county's schools with classes, with their funding inputs. */
  funding: FundingInputRow[];
}

interface ClassCounts {
  county_code: string;
  classes: number;
  over_limit: number;
  large: number;
  super_large: number;
}

const byCounty = <T extends { county_code: string }>(rows: readonly T[]): Map<string, T[]> => {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const list = out.get(r.county_code);
    if (list) list.push(r);
    else out.set(r.county_code, [r]);
  }
  return out;
};

/**
 * The bound for the synthetic counties of a province (the bound's per-unit and funding statements cover
 * the synthetic province; `countyCodes` are its counties): every statement side by side on the pool, then
 * one row per county.
 */
export async function runRollupBound(pool: pg.Pool, params: IndicatorParams, year: number, provinceCode: string, countyCodes: readonly string[]): Promise<BoundRow[]> {
  if (countyCodes.some((c) => !new RegExp(SYNTHETIC_COUNTY_PATTERN).test(c))) throw new Error('the roll-up bound covers synthetic counties only');
  const [counties, units, funding, classes, sizes, ...histories] = await Promise.all([
    pool.query<{ county_code: string; name: string; city_code: string | null; facts: unknown; policy_id: string | null }>(countiesBoundQuery(year, provinceCode, countyCodes)),
    pool.query<BoundUnit>(indicatorBoundQuery(params, year)),
    pool.query<FundingInputRow>(fundingBoundQuery(year)),
    pool.query<ClassCounts>(classCountsBoundQuery(params, year, countyCodes)),
    pool.query<{ county_code: string; schools: number; over_cap: number }>(schoolSizeBoundQuery(params, year, countyCodes)),
    ...countyCodes.map((c) => pool.query<HistoryBound>(historyBoundQuery(params, year, c))),
  ]);
  const unitsOf = byCounty(units.rows);
  const fundingOf = byCounty(funding.rows);
  const classesOf = new Map(classes.rows.map((r) => [r.county_code, r]));
  const sizesOf = new Map(sizes.rows.map((r) => [r.county_code, r]));
  const historyOf = new Map(countyCodes.map((c, i) => [c, histories[i]?.rows[0] as HistoryBound]));
  return counties.rows.map((c) => {
    const cls = classesOf.get(c.county_code);
    const size = sizesOf.get(c.county_code);
    return {
      countyCode: c.county_code,
      name: c.name,
      cityCode: c.city_code,
      policyId: c.policy_id,
      hasFacts: c.facts !== null,
      classSizes: { classes: cls?.classes ?? 0, overLimit: cls?.over_limit ?? 0, large: cls?.large ?? 0, superLarge: cls?.super_large ?? 0 },
      schoolSize: { schools: size?.schools ?? 0, overCap: size?.over_cap ?? 0 },
      history: historyOf.get(c.county_code) as HistoryBound,
      units: unitsOf.get(c.county_code) ?? [],
      funding: fundingOf.get(c.county_code) ?? [],
    };
  });
}
