// Funding policy parameters: every rate and option the entitlement and compliance formulas read
// (docs/funding.md). Policies are data, formulas are code: nothing in src/rules/funding hard-codes a rate;
// the values live in the policy files under policies/ (docs/policies.md).
//
// Money convention: every rate is stored as an INTEGER NUMBER OF FEN (`fen`, 1 yuan = 100 fen), so
// the schema can demand an integer and no float ever reaches an amount. 1150 yuan is `fen: 115000`.
// Use `yuanRate()` below (exact, string-based) to write a rate in yuan.
//
// Every value carries `clause`: the reference it comes from (the policy file's `reference`), which the
// computed components cite.

import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import { AREA_TYPES, SCHOOL_KINDS } from '../vocabulary.js';
import { yuanToFen } from '../funding/money.js';

const ClauseSchema = Type.String({ minLength: 1, description: 'policy clause this value comes from' });

/** A per-student (or per-boarder) rate in integer fen, with its source. */
export const FundingRateSchema = Type.Object(
  {
    fen: Type.Integer({ minimum: 0, description: 'rate per student per year, integer fen' }),
    clause: ClauseSchema,
  },
  { additionalProperties: false },
);
export type FundingRate = Static<typeof FundingRateSchema>;

export const SchoolKindSchema = Type.Enum(SCHOOL_KINDS);
export const AreaTypeSchema = Type.Enum(AREA_TYPES);

/**
 * One band of the small-school tier: a school whose compulsory students n satisfy
 * `aboveStudents < n` and (`n <= upToStudents` when `upToInclusive`, else `n < upToStudents`)
 * is funded as `fundedAs` students (top-up quantity fundedAs − n).
 */
export const TierBandSchema = Type.Object(
  {
    aboveStudents: Type.Integer({ minimum: 0, description: 'exclusive lower bound (超过)' }),
    upToStudents: Type.Integer({ minimum: 1, description: 'upper bound' }),
    upToInclusive: Type.Boolean({ description: 'true: 以下/不超过 (<=); false: 不足 (<)' }),
    fundedAs: Type.Integer({ minimum: 1, description: 'students the school is funded as' }),
  },
  { additionalProperties: false },
);
export type TierBand = Static<typeof TierBandSchema>;

export const TIER_RATE_BASES = ['lowest_compulsory_stage', 'primary'] as const;
export type TierRateBasis = (typeof TIER_RATE_BASES)[number];

export const FundingParamsSchema = Type.Object(
  {
    baseRate: Type.Object(
      { primary: FundingRateSchema, junior: FundingRateSchema },
      { additionalProperties: false, description: '生均公用经费基准定额 per compulsory stage' },
    ),
    ruralAreaTypes: Type.Object(
      {
        areaTypes: Type.Array(AreaTypeSchema, { uniqueItems: true }),
        clause: ClauseSchema,
      },
      { additionalProperties: false, description: 'area types that count as 农村 for the floor and the tiers' },
    ),
    smallSchoolFloor: Type.Object(
      {
        enabled: Type.Boolean(),
        floorStudents: Type.Integer({ minimum: 1, description: 'schools with 0 < students < this are funded as this' }),
        kinds: Type.Array(SchoolKindSchema, { uniqueItems: true }),
        clause: ClauseSchema,
      },
      { additionalProperties: false },
    ),
    smallSchoolTier: Type.Object(
      {
        enabled: Type.Boolean(),
        kinds: Type.Array(SchoolKindSchema, { uniqueItems: true }),
        bands: Type.Array(TierBandSchema),
        rateBasis: Type.Enum(TIER_RATE_BASES),
        clause: ClauseSchema,
      },
      { additionalProperties: false },
    ),
    boarding: FundingRateSchema,
    specialEducation: FundingRateSchema,
    inclusion: Type.Object(
      { enabled: Type.Boolean(), clause: ClauseSchema },
      { additionalProperties: false, description: 'top-up of 随班就读 students to the special-education rate' },
    ),
    preschool: FundingRateSchema,
    senior: FundingRateSchema,
    trainingMinimum: Type.Object(
      {
        basisPoints: Type.Integer({ minimum: 0, maximum: 10000, description: '500 = 5%' }),
        clause: ClauseSchema,
      },
      { additionalProperties: false },
    ),
    specialSchoolMinimum: FundingRateSchema,
    privateSchoolsEntitled: Type.Object(
      { enabled: Type.Boolean(), clause: ClauseSchema },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type FundingParams = Static<typeof FundingParamsSchema>;

/** Exact yuan → fen rate with its clause (throws on more than 2 decimals). */
export function yuanRate(yuan: number | string, clause: string): FundingRate {
  return { fen: yuanToFen(yuan), clause };
}

/**
 * Problems the schema cannot express: tier bands must be ordered, disjoint, non-empty and fund a
 * school as at least the band's largest student count (so the top-up is never negative), and start
 * at or above the floor so the two never both apply.
 */
export function fundingParamsProblems(params: FundingParams): string[] {
  const problems: string[] = [];
  const bands = params.smallSchoolTier.bands;
  bands.forEach((b, i) => {
    const path = `/smallSchoolTier/bands/${i}`;
    const maxInBand = b.upToInclusive ? b.upToStudents : b.upToStudents - 1;
    if (maxInBand <= b.aboveStudents) problems.push(`${path}: band (${b.aboveStudents}, ${b.upToStudents}) is empty`);
    if (b.fundedAs < maxInBand) problems.push(`${path}: fundedAs ${b.fundedAs} is below the band's ${maxInBand} students`);
    if (i > 0) {
      const prev = bands[i - 1];
      if (prev !== undefined) {
        const prevMax = prev.upToInclusive ? prev.upToStudents : prev.upToStudents - 1;
        if (b.aboveStudents < prevMax) problems.push(`${path}: overlaps or precedes band ${i - 1}`);
      }
    }
  });
  const first = bands[0];
  if (params.smallSchoolFloor.enabled && params.smallSchoolTier.enabled && first !== undefined) {
    if (first.aboveStudents + 1 < params.smallSchoolFloor.floorStudents) {
      problems.push('/smallSchoolTier/bands/0: starts below the small-school floor');
    }
  }
  return problems;
}

export class FundingParamsError extends Error {
  override readonly name = 'FundingParamsError';
  constructor(readonly problems: string[]) {
    super(`invalid funding parameters: ${problems.join('; ')}`);
  }
}

/** Validates an unknown value against the schema and the cross-field rules; throws with every problem. */
export function parseFundingParams(value: unknown): FundingParams {
  if (!Value.Check(FundingParamsSchema, value)) {
    const problems = [...Value.Errors(FundingParamsSchema, value)].map(
      (e) => `${e.instancePath || '/'}: ${e.message}`,
    );
    throw new FundingParamsError(problems.length > 0 ? problems : ['does not match FundingParamsSchema']);
  }
  const problems = fundingParamsProblems(value);
  if (problems.length > 0) throw new FundingParamsError(problems);
  return value;
}
