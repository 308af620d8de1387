// Funding policy parameters (DOMAIN.md §7): every rate and option the entitlement and compliance
// formulas read. Policies are data, formulas are code: nothing in src/rules/funding hard-codes a rate.
//
// Money convention: every rate is stored as an INTEGER NUMBER OF FEN (`fen`, 1 yuan = 100 fen), so
// the schema can demand an integer and no float ever reaches an amount. 1150 yuan is `fen: 115000`.
// Use `yuanRate()` below (exact, string-based) to write a rate in yuan.
//
// Every value carries `clause`: the text it comes from, which the computed components cite.

import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import { AREA_TYPES, SCHOOL_KINDS, type AreaType, type SchoolKind } from '../vocabulary.js';
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

// ---------------------------------------------------------------------------------------------
// Shipped profiles. Seed = ../../shared/seed plan of Jiaoling County 2023–2025; 三(六)2 is its
// funding clause, 附件1 its indicator list (B13, B14, B26).

/** Schools with compulsory stages, except special schools (funded at the special rate instead). */
const REGULAR_COMPULSORY_KINDS: SchoolKind[] = [
  'primary',
  'teaching_point',
  'junior',
  'nine_year',
  'twelve_year',
  'complete_secondary',
];
const FLOOR_KINDS: SchoolKind[] = ['primary', 'teaching_point'];
const RURAL: AreaType[] = ['rural'];

/** The seed's tiers as we read them: (100, 200] → 200, (200, 300) → 300. See docs/funding.md. */
const SEED_TIER_BANDS: TierBand[] = [
  { aboveStudents: 100, upToStudents: 200, upToInclusive: true, fundedAs: 200 },
  { aboveStudents: 200, upToStudents: 300, upToInclusive: false, fundedAs: 300 },
];

const GF_2015_67 = '国发〔2015〕67号';
const SPECIAL_2017 = '教基〔2017〕6号《第二期特殊教育提升计划（2017—2020年）》';
const B26_CLAUSE = '国家县域义务教育优质均衡发展重点指标 B26: 所有学校按照不低于学校年度公用经费预算总额的5%安排教师培训经费';
const B14_CLAUSE = '国家县域义务教育优质均衡发展重点指标 B14: 特殊教育学校生均公用经费不低于6000元';
const PRIVATE_CLAUSE = `${GF_2015_67}: 对城乡义务教育学校（含民办学校）按照不低于基准定额的标准补助公用经费`;
const RURAL_CLAUSE = 'DOMAIN §7 ruralAreaTypes: 农村 = 乡村 (rural) area type; 镇区 and 城区 are not rural';
const NOT_SET = (what: string, profile: string): string => `no ${what} rate in the ${profile} profile`;

/**
 * National baseline, 2017. Base rates are the eastern-region 基准定额 (小学650元、初中850元) of
 * 国发〔2015〕67号. The 100-student floor IS enabled: it is national policy (国办发〔2012〕48号,
 * continued by 国发〔2015〕67号 "继续落实好农村地区不足100人的规模较小学校按100人核定公用经费"),
 * kept as a parameter. No tiers, no preschool or senior rates.
 */
export const NATIONAL_2017_FUNDING: FundingParams = {
  baseRate: {
    primary: yuanRate(650, `${GF_2015_67}: 统一城乡义务教育学校生均公用经费基准定额，东部地区小学年生均650元`),
    junior: yuanRate(850, `${GF_2015_67}: 统一城乡义务教育学校生均公用经费基准定额，东部地区初中年生均850元`),
  },
  ruralAreaTypes: { areaTypes: RURAL, clause: RURAL_CLAUSE },
  smallSchoolFloor: {
    enabled: true,
    floorStudents: 100,
    kinds: FLOOR_KINDS,
    clause: `${GF_2015_67}（国办发〔2012〕48号）: 农村地区不足100人的规模较小学校按100人核定公用经费`,
  },
  smallSchoolTier: {
    enabled: false,
    kinds: REGULAR_COMPULSORY_KINDS,
    bands: [],
    rateBasis: 'lowest_compulsory_stage',
    clause: 'no 100–300 student tiers in the national-2017 profile',
  },
  boarding: yuanRate(200, `${GF_2015_67}: 寄宿制学校按照寄宿生年生均200元标准增加公用经费补助`),
  specialEducation: yuanRate(6000, `${SPECIAL_2017}: 特殊教育学校生均公用经费6000元`),
  inclusion: {
    enabled: true,
    clause: `${SPECIAL_2017}: 义务教育阶段特殊教育学校和随班就读残疾学生生均公用经费6000元`,
  },
  preschool: { fen: 0, clause: NOT_SET('preschool', 'national-2017') },
  senior: { fen: 0, clause: NOT_SET('senior', 'national-2017') },
  trainingMinimum: { basisPoints: 500, clause: B26_CLAUSE },
  specialSchoolMinimum: yuanRate(6000, B14_CLAUSE),
  privateSchoolsEntitled: { enabled: true, clause: PRIVATE_CLAUSE },
};

const GD = '广东省2018年生均公用经费标准 (DOMAIN §7 guangdong-2018)';

/**
 * Guangdong provincial standard, 2018: 1150 / 1950, boarding 300, preschool 500, senior 700.
 * National rules the province did not change (floor, special-education rate, inclusion, B14, B26)
 * carry over from national-2017.
 */
export const GUANGDONG_2018_FUNDING: FundingParams = {
  ...NATIONAL_2017_FUNDING,
  baseRate: {
    primary: yuanRate(1150, `${GD}: 义务教育小学年生均公用经费1150元`),
    junior: yuanRate(1950, `${GD}: 义务教育初中年生均公用经费1950元`),
  },
  smallSchoolTier: {
    ...NATIONAL_2017_FUNDING.smallSchoolTier,
    clause: 'no 100–300 student tiers in the guangdong-2018 profile',
  },
  boarding: yuanRate(300, `${GD}: 寄宿生年生均300元`),
  preschool: yuanRate(500, `${GD}: 学前教育生均公用经费省级补助500元`),
  senior: yuanRate(700, `${GD}: 普通高中生均公用经费700元`),
};

const SEED = 'seed 三(六)2';

/** Jiaoling County 2023 (the seed plan, 三(六)2 and 附件1 B13/B14/B26). */
export const JIAOLING_2023_FUNDING: FundingParams = {
  baseRate: {
    primary: yuanRate(1150, `${SEED}: 实现全县义务教育阶段学校生均公用经费基准定额统一 (广东省标准 小学1150元)`),
    junior: yuanRate(1950, `${SEED}: 实现全县义务教育阶段学校生均公用经费基准定额统一 (广东省标准 初中1950元)`),
  },
  ruralAreaTypes: { areaTypes: RURAL, clause: RURAL_CLAUSE },
  smallSchoolFloor: {
    enabled: true,
    floorStudents: 100,
    kinds: FLOOR_KINDS,
    clause: `${SEED}, 附件1 B13: 对不足100名学生农村小学和教学点按100名学生核定公用经费`,
  },
  smallSchoolTier: {
    enabled: true,
    kinds: REGULAR_COMPULSORY_KINDS,
    bands: SEED_TIER_BANDS,
    rateBasis: 'lowest_compulsory_stage',
    clause: `${SEED}: 对农村超过100人不足300人的规模较小学校，按200人、300人以下核定增加统筹公用经费补助`,
  },
  boarding: yuanRate(350, `${SEED}: 对寄宿制学校按寄宿生人数年生均350元标准补助公用经费`),
  specialEducation: yuanRate(6000, `${SEED}: 按每生每年不低于6000元标准拨付特殊教育经费`),
  inclusion: {
    enabled: true,
    clause: `seed 三(四)4: 落实义务教育阶段残疾学生生均公用经费标准; ${SPECIAL_2017}: 随班就读残疾学生生均公用经费6000元`,
  },
  preschool: yuanRate(500, `${SEED}: 落实按学前500元每生每年生均公用经费省级补助标准`),
  senior: yuanRate(1000, `${SEED}: 落实按高中1000元每生每年生均公用经费省级补助标准`),
  trainingMinimum: {
    basisPoints: 500,
    clause: `seed 三(五)3: 落实办公经费的5%用于培训经费; 附件1 B26: 不低于学校年度公用经费预算总额的5%`,
  },
  specialSchoolMinimum: yuanRate(6000, `附件1 B14: 特殊教育学校生均公用经费不低于6000元`),
  privateSchoolsEntitled: { enabled: true, clause: PRIVATE_CLAUSE },
};
