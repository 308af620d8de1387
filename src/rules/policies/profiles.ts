// Policy profiles: the parameters of both engines under one id (the OpenFisca way: parameters are data,
// formulas are code). A profile is stored as a definition with dated values (definition.ts) and handed
// to the engines resolved for one school year (resolve.ts): plain parameters, with where each came from.

import { Type } from 'typebox';
import type { IsoDate } from './dates.js';
import type { FundingParams } from './funding-params.js';
import type { IndicatorParams } from './indicator-params.js';
import type { RemediationCosts } from './remediation-costs.js';

export const PolicyIdSchema = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,63}$', description: 'lowercase id, e.g. jiaoling-2023' });

/** Where a resolved value came from: the date of the dated value in force and the parameter's reference. */
export interface ParameterSource {
  from: IsoDate;
  reference: string;
}

/**
 * A profile resolved for one school year: what the engines take (`indicators`, `funding`) and what a
 * funding run freezes with them (the year, the date it was resolved at, and the source of every value).
 */
export interface PolicyProfile {
  id: string;
  name: string;
  description: string;
  /** First school year the profile is in force. */
  validFrom: number;
  /** The school year the values were resolved for. */
  resolvedYear: number;
  /** The date they were resolved at (the start of that school year, dates.ts). */
  resolvedAt: IsoDate;
  indicators: IndicatorParams;
  funding: FundingParams;
  /** Unit costs of the remediation plan's actions, in fen (planning assumptions, docs/planning.md). */
  remediationCosts: RemediationCosts;
  /** Every parameter's dated value in force and its reference, by dotted name. */
  sources: Record<string, ParameterSource>;
}
