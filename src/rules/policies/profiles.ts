// Policy profiles: the parameters of both engines under one id (the OpenFisca way: parameters are data,
// formulas are code). Shipped profiles are constants here; custom profiles are validated by the same schema.

import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import { FundingParamsSchema, GUANGDONG_2018_FUNDING, JIAOLING_2023_FUNDING, NATIONAL_2017_FUNDING, fundingParamsProblems } from './funding-params.js';
import { IndicatorParamsSchema, JIAOLING_COUNTY_TARGETS, NATIONAL_2017_INDICATORS } from './indicator-params.js';

export const PolicyIdSchema = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,63}$', description: 'lowercase id, e.g. jiaoling-2023' });

export const PolicyProfileSchema = Type.Object(
  {
    id: PolicyIdSchema,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.String({ maxLength: 4000 }),
    /** First school year the profile is meant for (informational; assignment decides what applies). */
    validFrom: Type.Integer({ minimum: 2000, maximum: 2100 }),
    indicators: IndicatorParamsSchema,
    funding: FundingParamsSchema,
  },
  { additionalProperties: false },
);
export type PolicyProfile = Static<typeof PolicyProfileSchema>;

export const NATIONAL_2017: PolicyProfile = {
  id: 'national-2017',
  name: '国家标准（2017）',
  description:
    'National thresholds of the 2017 county compulsory-education high-quality balanced development assessment ' +
    '(教督〔2017〕6号) and the national per-student public-funding benchmark (650 primary / 850 junior yuan).',
  validFrom: 2017,
  indicators: NATIONAL_2017_INDICATORS,
  funding: NATIONAL_2017_FUNDING,
};

export const GUANGDONG_2018: PolicyProfile = {
  id: 'guangdong-2018',
  name: '广东省标准（2018）',
  description: 'National indicator thresholds; Guangdong provincial funding rates (1150 / 1950 yuan, boarding 300, preschool 500, senior 700).',
  validFrom: 2018,
  indicators: NATIONAL_2017_INDICATORS,
  funding: GUANGDONG_2018_FUNDING,
};

export const JIAOLING_2023: PolicyProfile = {
  id: 'jiaoling-2023',
  name: '蕉岭县实施方案（2023—2025）',
  description:
    "Jiaoling's plan: the county's stricter targets (consolidation 96%, disabled enrolment 98%, migrant children 100%) " +
    'and its funding rules (100-student floor, 200/300 small-school tiers, boarding 350, special 6000, preschool 500, senior 1000).',
  validFrom: 2023,
  indicators: JIAOLING_COUNTY_TARGETS,
  funding: JIAOLING_2023_FUNDING,
};

export const SHIPPED_PROFILES: readonly PolicyProfile[] = [NATIONAL_2017, GUANGDONG_2018, JIAOLING_2023];

/** The profile a county-year uses when none is assigned (API.md §2). */
export const DEFAULT_POLICY_BY_COUNTY: Readonly<Record<string, string>> = { '441427': JIAOLING_2023.id };
export const DEFAULT_POLICY_ID = NATIONAL_2017.id;

export const defaultPolicyId = (countyCode: string): string => DEFAULT_POLICY_BY_COUNTY[countyCode] ?? DEFAULT_POLICY_ID;

/** Every problem with a candidate profile: the schema's, then the cross-field checks of the funding rules. */
export function policyProblems(value: unknown): { pointer: string; message: string }[] {
  const problems = [...Value.Errors(PolicyProfileSchema, value)].map((e) => ({
    pointer: e.instancePath || '/',
    message: e.message,
  }));
  if (problems.length > 0) return problems;
  return fundingParamsProblems((value as PolicyProfile).funding).map((message) => ({ pointer: '/funding', message }));
}
