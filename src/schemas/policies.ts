// Policy profiles and county-year assignments (API.md §2 "Funding"). A profile is PolicyProfileSchema
// from src/rules/policies/profiles.ts: indicator thresholds as fractions, and funding RATES AS INTEGER FEN
// (`{ fen: 115000, clause }` is 1150 yuan) each with the clause it comes from.

import { Type, type Static } from 'typebox';
import { PolicyIdSchema, PolicyProfileSchema } from '../rules/policies/profiles.js';
import { CountyCode, Paging, Strict, Timestamp, Year } from './common.js';

export const PolicyParams = Strict({ policyId: PolicyIdSchema });

export const PolicyBody = Type.Object(PolicyProfileSchema.properties, {
  additionalProperties: false,
  description:
    'A custom policy profile: a new id (not a shipped one, not an existing one), indicator parameters and funding ' +
    'parameters. Funding rates are integer fen (1150 yuan = { "fen": 115000, "clause": "…" }). Custom profiles ' +
    'are immutable: there is no update or delete, so a profile used by a run never changes.',
});

export const PolicyRecord = Type.Object(
  {
    ...PolicyProfileSchema.properties,
    builtin: Type.Boolean({ description: 'shipped with the service (true) or added through the API (false)' }),
    createdAt: Type.Union([Timestamp, Type.Null()], { description: 'null for shipped profiles' }),
    createdBy: Type.Union([Type.String(), Type.Null()]),
  },
  { description: 'A policy profile; funding rates are integer fen with their clauses' },
);

export const PolicyListQuery = Strict({ limit: Paging.limit, offset: Paging.offset });

export const PolicyAssignmentBody = Strict({ policyId: PolicyIdSchema });

export const CountyYearPolicy = Type.Object({
  countyCode: CountyCode,
  year: Year,
  policyId: PolicyIdSchema,
  source: Type.Enum(['assigned', 'default'], { description: 'assigned to this county-year, or the county default' }),
  defaultPolicyId: Type.String({ description: 'what applies without an assignment: jiaoling-2023 for 441427, national-2017 elsewhere' }),
  updatedAt: Type.Union([Timestamp, Type.Null()], { description: 'when the assignment was last written; null for the default' }),
});

export const CountyYearKey = Strict({ countyCode: CountyCode, year: Year });

export type PolicyRecordT = Static<typeof PolicyRecord>;
export type CountyYearPolicyT = Static<typeof CountyYearPolicy>;
