// Funding answers and requests (docs/api.md "Funding"). Money is yuan as a JSON number with at most 2
// decimals (the engine works in integer fen and converts only here, at the edge). Every response schema
// lists every property sent: fast-json-stringify drops unknown ones and refuses missing required ones.

import { Type, type Static } from 'typebox';
import { FUNDING_COMPONENTS, INPUT_FIELDS } from '../rules/funding/index.js';
import { PolicyIdSchema } from '../rules/policies/profiles.js';
import { AREA_TYPES, OWNERSHIPS, SCHOOL_KINDS } from '../rules/vocabulary.js';
import { CountyCode, FormatWithXlsx, Paging, SchoolCode, Strict, Timestamp, Year } from './common.js';

const YuanOut = (description = 'yuan, at most 2 decimals') => Type.Number({ description });
const NullableYuan = (description: string) => Type.Union([Type.Number(), Type.Null()], { description });
const Hash = (description: string) => Type.String({ pattern: '^[0-9a-f]{64}$', description });
const Int = Type.Integer();
const Kind = Type.Enum(SCHOOL_KINDS);
const Format = Paging.format;
const PolicyIdWith = (description: string) => Type.String({ pattern: (PolicyIdSchema as unknown as { pattern: string }).pattern, description });

export const PolicySource = Type.Enum(['assigned', 'default', 'override'], {
  description: '`assigned` to the county-year, the county `default` (jiaoling-2023 for 441427, national-2017 elsewhere), or the `override` asked for',
});

export const ComponentJson = Type.Object(
  {
    component: Type.Enum(FUNDING_COMPONENTS),
    quantity: Type.Integer({ description: 'students, boarders or funded-as top-up students' }),
    rateYuan: YuanOut('rate per unit of quantity, yuan'),
    amountYuan: YuanOut('quantity × rate, yuan'),
    rule: Type.String({ description: 'the policy clause applied' }),
    explanation: Type.String({ description: 'one line saying why, with the figures' }),
  },
  { description: 'One entitlement component; components with an amount of 0 are left out' },
);

/** The engine input of one school-year, as used (and as frozen in runs). */
export const FundingInputJson = Type.Object(
  {
    schoolCode: SchoolCode,
    kind: Kind,
    areaType: Type.Enum(AREA_TYPES),
    ownership: Type.Enum(OWNERSHIPS),
    boarding: Type.Boolean(),
    students: Type.Object(
      { preschool: Int, primary: Int, junior: Int, senior: Int },
      { description: 'sums of the class sizes per stage' },
    ),
    boarders: Int,
    inclusionStudents: Int,
    publicFundingAllocatedYuan: Type.Optional(YuanOut('allocated public funding (公用经费); absent when not declared')),
    trainingSpendYuan: Type.Optional(YuanOut('teacher-training spend; absent when not declared')),
  },
  { description: 'The normalized input of the funding engine for one school-year' },
);

const entitlementCore = {
  entitled: Type.Boolean({ description: 'false only for a private school under a policy that does not fund private schools' }),
  totalYuan: YuanOut('sum of the components'),
  trainingMinimumYuan: YuanOut('B26: minimum training budget, the policy share of the total rounded up to the fen'),
  trainingMinimumRule: Type.String(),
  note: Type.Optional(Type.String()),
  components: Type.Array(ComponentJson),
};

export const SchoolEntitlement = Type.Object({
  schoolCode: SchoolCode,
  schoolName: Type.String(),
  countyCode: CountyCode,
  year: Year,
  policyId: PolicyIdSchema,
  policySource: PolicySource,
  ...entitlementCore,
  inputs: FundingInputJson,
});

export const EntitlementLine = Type.Object({
  schoolCode: SchoolCode,
  schoolName: Type.String(),
  kind: Kind,
  ...entitlementCore,
});

export const ComponentTotal = Type.Object({
  component: Type.Enum(FUNDING_COMPONENTS),
  schools: Type.Integer({ description: 'schools with this component' }),
  quantity: Int,
  amountYuan: YuanOut(),
});

export const FundingTotals = Type.Object({
  schools: Int,
  totalYuan: YuanOut('sum of every school total (equals the sum of every component line, to the fen)'),
  trainingMinimumYuan: YuanOut('sum of the per-school training minimums'),
  byComponent: Type.Array(ComponentTotal),
});

export const CountyEntitlements = Type.Object({
  countyCode: CountyCode,
  year: Year,
  policyId: PolicyIdSchema,
  policySource: PolicySource,
  schools: Type.Array(EntitlementLine),
  totals: FundingTotals,
  withoutClasses: Type.Array(SchoolCode, {
    description: 'schools with a school-year record but no classes that year: no students, left out',
  }),
});

const WhatIfPolicy = Type.Optional(PolicyIdWith('compute under this profile instead of the county-year policy (what-if)'));

export const EntitlementQuery = Strict({ policyId: WhatIfPolicy, format: Format });

/** The county entitlements, which also answer an Excel workbook. */
export const CountyEntitlementQuery = Strict({ policyId: WhatIfPolicy, format: Type.Optional(FormatWithXlsx) });

// ── compliance ───────────────────────────────────────────────────────────────────────────────────

const Status = Type.Enum(['met', 'not_met', 'not_assessable']);
const CheckId = Type.Enum(['allocation', 'B13', 'B14', 'B26']);

export const ComplianceCheck = Type.Object({
  check: CheckId,
  status: Status,
  requiredYuan: NullableYuan('what the school should have; null when it cannot be computed'),
  actualYuan: NullableYuan('what it has; null when not declared'),
  shortfallYuan: NullableYuan('required − actual when positive, else 0; null when not assessable'),
  missing: Type.Array(Type.String(), { description: 'input fields missing when not assessable' }),
  rule: Type.String(),
  explanation: Type.String(),
});

export const SchoolCompliance = Type.Object({
  schoolCode: SchoolCode,
  schoolName: Type.String(),
  kind: Kind,
  entitled: Type.Boolean(),
  entitlementYuan: YuanOut(),
  allocatedYuan: NullableYuan('declared public funding allocation; null when not declared'),
  shortfallYuan: NullableYuan('entitlement − allocation when positive, else 0; null when the allocation is not declared'),
  checks: Type.Array(ComplianceCheck, { description: 'the checks that apply to this school: allocation, B13, B14, B26' }),
});

export const ComplianceTotals = Type.Object({
  entitlementYuan: YuanOut(),
  allocatedYuan: YuanOut('sum of the declared allocations'),
  shortfallYuan: YuanOut('sum of per-school shortfalls (one school’s surplus does not offset another’s shortfall)'),
  schoolsWithShortfall: Int,
  schoolsMissingAllocation: Int,
});

export const CheckVerdict = Type.Object({
  check: CheckId,
  status: Type.Enum(['met', 'not_met', 'not_assessable'], {
    description: 'not_met if any school fails; else not_assessable if any lacks inputs; else met',
  }),
  schools: Int,
  met: Int,
  notMet: Int,
  notAssessable: Int,
  missing: Type.Array(Type.String(), { description: '`schoolCode.field` for every missing input' }),
  shortfallYuan: YuanOut(),
});

export const ComplianceVerdicts = Type.Object({
  allocation: CheckVerdict,
  B13: CheckVerdict,
  B14: CheckVerdict,
  B26: CheckVerdict,
});

export const CountyCompliance = Type.Object({
  countyCode: CountyCode,
  year: Year,
  policyId: PolicyIdSchema,
  policySource: PolicySource,
  schools: Type.Array(SchoolCompliance),
  totals: ComplianceTotals,
  verdicts: ComplianceVerdicts,
  withoutClasses: Type.Array(SchoolCode),
});

// ── runs ─────────────────────────────────────────────────────────────────────────────────────────

export const RunParams = Strict({ runId: Type.String({ format: 'uuid', description: 'run id (uuid)' }) });

export const CreateRunBody = Strict(
  { policyId: Type.Optional(PolicyIdWith('freeze under this profile instead of the county-year policy')) },
  { description: 'Optional; an empty object, null or no body freezes the county-year under its own policy' },
);

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 255,
      pattern: '^[\\x21-\\x7E]+$',
      description:
        'Idempotency-Key: the same key from the same caller answers the first run (200) instead of creating another; ' +
        'the same key with another county, year or policy is 409',
    }),
  ),
});

export const RunSummary = Type.Object({
  runId: Type.String({ format: 'uuid' }),
  countyCode: CountyCode,
  year: Year,
  policyId: PolicyIdSchema,
  engineVersion: Type.String(),
  inputsHash: Hash('sha256 of the canonical JSON (RFC 8785) of { inputs, policy }'),
  resultsHash: Hash('sha256 of the canonical JSON of { lines, totals, compliance } in integer fen'),
  createdAt: Timestamp,
  createdBy: Type.String({ description: 'API key id, or "anonymous"' }),
  idempotencyKey: Type.Union([Type.String(), Type.Null()]),
  schools: Int,
  totalYuan: YuanOut(),
  trainingMinimumYuan: YuanOut(),
});

export const RunDetail = Type.Object({
  ...RunSummary.properties,
  totals: FundingTotals,
  compliance: Type.Object({ totals: ComplianceTotals, verdicts: ComplianceVerdicts }),
  snapshot: Type.Object(
    {
      policy: Type.Unknown({
        description:
          'the policy profile resolved for the run\'s school year, exactly as frozen: its indicators and funding (rates in integer fen ' +
          'with their clauses), resolvedYear, resolvedAt, and sources: the date and reference of every value (docs/policies.md)',
      }),
      inputs: Type.Array(FundingInputJson, { description: 'the normalized inputs of every school, sorted by school code' }),
    },
    { description: 'what inputsHash is computed over' },
  ),
});

export const RunListQuery = Strict({ limit: Paging.limit, offset: Paging.offset });

export const RunLine = Type.Object({
  schoolCode: SchoolCode,
  component: Type.Enum(FUNDING_COMPONENTS),
  quantity: Int,
  rateYuan: YuanOut(),
  amountYuan: YuanOut(),
  rule: Type.String(),
  explanation: Type.String(),
});

export const RunLinesQuery = Strict({
  limit: Paging.limit,
  offset: Paging.offset,
  schoolCode: Type.Optional(SchoolCode),
  format: Type.Optional(
    Type.Enum(['json', 'csv'], {
      description: 'csv (or Accept: text/csv) streams every line of the run (the schoolCode filter applies; limit/offset do not)',
    }),
  ),
});

const InputValue = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()], {
  description: 'the field\'s value (students as counts, money in yuan); null where the school or the declared amount is absent',
});
const InputFieldName = Type.Enum(INPUT_FIELDS, { description: 'engine input field; students per stage are dotted: students.primary' });

const ComponentTotalChange = Type.Object({
  component: Type.Enum(FUNDING_COMPONENTS),
  fromYuan: YuanOut(),
  toYuan: YuanOut(),
  differenceYuan: YuanOut('to − from'),
});

export const Verification = Type.Object({
  runId: Type.String({ format: 'uuid' }),
  reproducible: Type.Boolean({ description: 'recomputing the frozen snapshot gives the frozen inputsHash and resultsHash' }),
  drift: Type.Array(
    Type.Object({
      schoolCode: SchoolCode,
      fields: Type.Array(Type.String(), {
        description: 'changed input fields (students.primary, boarders, publicFundingAllocatedYuan, …), or added / removed',
      }),
      changes: Type.Array(Type.Object({ field: InputFieldName, frozen: InputValue, live: InputValue }), {
        description: 'the frozen and the live value of every changed field (for an added or removed school: every field it declares)',
      }),
      frozenTotalYuan: YuanOut("the run's total for the school (0 when added)"),
      liveTotalYuan: YuanOut("the live inputs under the run's policy (0 when removed)"),
      differenceYuan: YuanOut('live − frozen'),
    }),
    {
      description:
        'schools whose live inputs differ from the frozen ones now, with the money effect: the run\'s total for the school against ' +
        'its live inputs computed under the run\'s own policy',
    },
  ),
  money: Type.Object(
    {
      frozenTotalYuan: YuanOut('the run total'),
      liveTotalYuan: YuanOut("every live school's entitlement under the run's own policy"),
      differenceYuan: YuanOut('live − frozen'),
      byComponent: Type.Array(ComponentTotalChange, { description: 'from = the run, to = the live inputs' }),
    },
    {
      description:
        'the money effect of the drift in total; when reproducible is false it also holds the change of the engine since the run',
    },
  ),
  inputsHash: Hash('recomputed from the frozen snapshot'),
  resultsHash: Hash('recomputed from the frozen snapshot'),
  frozenInputsHash: Hash('stored with the run'),
  frozenResultsHash: Hash('stored with the run'),
  liveInputsHash: Hash(
    "sha256 of { live inputs, the run's policy }: what a new run under the same profile would hash to now; equals frozenInputsHash when nothing drifted",
  ),
  engineVersion: Type.String({ description: 'engine that recomputed' }),
  runEngineVersion: Type.String({ description: 'engine that created the run' }),
  reason: Type.Optional(Type.String({ description: 'when not reproducible: which recomputed hash differs' })),
  verifiedAt: Timestamp,
});

// ── diff of two runs ─────────────────────────────────────────────────────────────────────────────

export const RunDiffParams = Strict({
  runId: Type.String({ format: 'uuid', description: 'the run compared from (uuid)' }),
  otherRunId: Type.String({ format: 'uuid', description: 'the run compared to (uuid)' }),
});

export const RunDiffQuery = Strict({ format: Format });

const RunSide = Type.Object({
  runId: Type.String({ format: 'uuid' }),
  countyCode: CountyCode,
  year: Year,
  policyId: PolicyIdSchema,
  engineVersion: Type.String(),
  inputsHash: Hash('stored with the run'),
  resultsHash: Hash('stored with the run'),
  createdAt: Timestamp,
  schools: Int,
  totalYuan: YuanOut(),
});

const ComponentChange = Type.Object({
  component: Type.Enum(FUNDING_COMPONENTS),
  fromQuantity: Type.Union([Type.Integer(), Type.Null()], { description: 'null when the component is absent in the from run' }),
  toQuantity: Type.Union([Type.Integer(), Type.Null()], { description: 'null when the component is absent in the to run' }),
  fromRateYuan: NullableYuan('null when absent in the from run'),
  toRateYuan: NullableYuan('null when absent in the to run'),
  fromAmountYuan: YuanOut('0 when absent'),
  toAmountYuan: YuanOut('0 when absent'),
  differenceYuan: YuanOut('to − from'),
});

export const RunDiff = Type.Object({
  from: RunSide,
  to: RunSide,
  sameInputs: Type.Boolean({ description: 'the two inputsHashes are equal (same inputs under the same policy)' }),
  sameResults: Type.Boolean({ description: 'the two resultsHashes are equal (same figures)' }),
  totals: Type.Object({
    fromYuan: YuanOut('total of the from run'),
    toYuan: YuanOut('total of the to run'),
    differenceYuan: YuanOut('to − from'),
    byComponent: Type.Array(ComponentTotalChange),
  }),
  counts: Type.Object({ added: Int, removed: Int, changed: Int, unchanged: Int }, { description: 'schools by kind of change' }),
  schools: Type.Array(
    Type.Object({
      schoolCode: SchoolCode,
      change: Type.Enum(['added', 'removed', 'changed'], {
        description: 'added: only in the to run; removed: only in the from run; changed: in both with other inputs or figures',
      }),
      inputChanges: Type.Array(Type.Object({ field: InputFieldName, from: InputValue, to: InputValue }), {
        description: 'input fields that differ (for an added or removed school: every field it declares)',
      }),
      fromTotalYuan: YuanOut('0 when added'),
      toTotalYuan: YuanOut('0 when removed'),
      differenceYuan: YuanOut('to − from'),
      components: Type.Array(ComponentChange, { description: 'every component present in either run, in engine order' }),
    }),
    { description: 'the schools that differ, by school code; identical schools are left out' },
  ),
});

export type FundingInputJsonT = Static<typeof FundingInputJson>;
export type CreateRunBodyT = Static<typeof CreateRunBody>;
export type RunSummaryT = Static<typeof RunSummary>;
export type RunDetailT = Static<typeof RunDetail>;
export type RunLineT = Static<typeof RunLine>;
export type VerificationT = Static<typeof Verification>;
export type RunDiffT = Static<typeof RunDiff>;
export type SchoolEntitlementT = Static<typeof SchoolEntitlement>;
export type CountyEntitlementsT = Static<typeof CountyEntitlements>;
export type EntitlementLineT = Static<typeof EntitlementLine>;
export type FundingTotalsT = Static<typeof FundingTotals>;
export type CountyComplianceT = Static<typeof CountyCompliance>;
export type ComplianceTotalsT = Static<typeof ComplianceTotals>;
export type ComplianceVerdictsT = Static<typeof ComplianceVerdicts>;
