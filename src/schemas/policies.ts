// Policy profiles and county-year assignments (docs/policies.md, docs/funding.md). A profile is data:
// every parameter with its unit, its reference and its dated values (ParametersSchema, from
// src/rules/policies/). Answers also show the profile resolved for one school year: the plain indicator
// thresholds (fractions) and funding rules (RATES AS INTEGER FEN, `{ fen: 115000, clause }` is 1150 yuan).

import { Type, type Static } from 'typebox';
import { ParametersSchema, PlainIndicatorsSchema, PolicyDefinitionSchema } from '../rules/policies/definition.js';
import { FundingParamsSchema } from '../rules/policies/funding-params.js';
import { IndicatorParamsSchema } from '../rules/policies/indicator-params.js';
import { PolicyIdSchema } from '../rules/policies/profiles.js';
import { RemediationCostsSchema } from '../rules/policies/remediation-costs.js';
import { CountyCode, Paging, Strict, Timestamp, Year } from './common.js';

const { id, name, description, validFrom } = PolicyDefinitionSchema.properties;
const Extends = PolicyDefinitionSchema.properties.extends;

export const PolicyParams = Strict({ policyId: PolicyIdSchema });

export const PolicyQuery = Strict({
  year: Type.Optional(
    Type.Integer({
      minimum: 2000,
      maximum: 2100,
      description: 'resolve the profile for this school year (at its start, YYYY-09-01); default: the last school year in which one of its values changes',
    }),
  ),
});

export const PolicyBody = Type.Object(
  {
    id,
    name,
    description,
    validFrom,
    extends: Extends,
    parameters: Type.Optional(ParametersSchema),
    indicators: Type.Optional(PlainIndicatorsSchema),
    funding: Type.Optional(FundingParamsSchema),
    remediationCosts: Type.Optional(RemediationCostsSchema),
  },
  {
    additionalProperties: false,
    description:
      'A custom policy profile with a new id (not a file profile, not an existing one), in one of two forms. ' +
      'Dated: `parameters` by dotted name, each { unit, reference, note?, values: [{ from: "YYYY-MM-DD", value }] }, every ' +
      'parameter present unless `extends` names a profile to take the others from. Plain: `indicators` and `funding` with one ' +
      'value each, in force from `validFrom` (funding rates are integer fen: 1150 yuan = { "fen": 115000, "clause": "…" }), ' +
      'and optionally `remediationCosts` (integer fen per unit of each remediation action). In either form, remediation ' +
      'costs left out are those of the default profile (the planning assumptions shipped with the service). ' +
      'Custom profiles are immutable: there is no update or delete, so a profile used by a run never changes.',
  },
);

/** A parameter in an answer: as in the request body (ParametersSchema), with its values' shapes left to the body's schema. */
const ParameterOut = Type.Object({
  unit: Type.String(),
  reference: Type.String(),
  note: Type.Optional(Type.String()),
  values: Type.Array(Type.Object({ from: Type.String({ format: 'date' }), value: Type.Unknown() })),
});

export const PolicyRecord = Type.Object(
  {
    id,
    name,
    description,
    validFrom,
    extends: Extends,
    parameters: Type.Record(Type.String({ pattern: '^(indicators|funding|remediationCosts)\\.' }), ParameterOut, {
      description: 'every parameter by dotted name: unit, reference, note and dated values (each value\'s shape: the POST body\'s `parameters`)',
    }),
    resolvedYear: Type.Integer({ description: 'the school year `indicators` and `funding` are resolved for' }),
    resolvedAt: Type.String({ format: 'date', description: 'the date they are resolved at: the start of that school year' }),
    indicators: IndicatorParamsSchema,
    funding: FundingParamsSchema,
    remediationCosts: RemediationCostsSchema,
    builtin: Type.Boolean({ description: 'a profile of the policy files (true) or added through the API (false)' }),
    createdAt: Type.Union([Timestamp, Type.Null()], { description: 'null for file profiles' }),
    createdBy: Type.Union([Type.String(), Type.Null()]),
  },
  { description: 'A policy profile: its dated parameters, and its values resolved for one school year (funding rates in integer fen with their clauses)' },
);

export const PolicyListQuery = Strict({ limit: Paging.limit, offset: Paging.offset });

export const PolicyAssignmentBody = Strict({ policyId: PolicyIdSchema });

export const CountyYearPolicy = Type.Object({
  countyCode: CountyCode,
  year: Year,
  policyId: PolicyIdSchema,
  source: Type.Enum(['assigned', 'default'], { description: 'assigned to this county-year, or the county default' }),
  defaultPolicyId: Type.String({ description: "what applies without an assignment: the county's entry in policies/defaults.json, else its \"*\" entry" }),
  updatedAt: Type.Union([Timestamp, Type.Null()], { description: 'when the assignment was last written; null for the default' }),
});

export const CountyYearKey = Strict({ countyCode: CountyCode, year: Year });

export type PolicyRecordT = Static<typeof PolicyRecord>;
export type CountyYearPolicyT = Static<typeof CountyYearPolicy>;
