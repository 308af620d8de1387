// Dated values → the plain parameters the engines take, and every check a definition must pass.
//
// The rule (docs/policies.md): school year Y is resolved at resolutionDate(Y) (Y-09-01); each parameter
// takes the last of its values dated on or before that day. A profile is in force from school year
// validFrom on; an earlier year has no values and is refused.

import { Value } from 'typebox/value';
import { firstSchoolYearFrom, isIsoDate, resolutionDate, type IsoDate } from './dates.js';
import { PolicyDefinitionSchema, setPath, type ParameterEntry, type PolicyDefinition, type PolicyProblem } from './definition.js';
import { FundingParamsSchema, fundingParamsProblems, type FundingParams } from './funding-params.js';
import { IndicatorThresholdsSchema, indicatorParams, type IndicatorThresholds } from './indicator-params.js';
import { PARAMETERS, PARAMETER_BY_PATH, type ParameterDefinition } from './parameters.js';
import type { ParameterSource, PolicyProfile } from './profiles.js';
import { RemediationCostsSchema, type RemediationCosts } from './remediation-costs.js';

/** A school year before the profile's first one. */
export class PolicyNotInForceError extends Error {
  override readonly name = 'PolicyNotInForceError';
  constructor(
    readonly policyId: string,
    readonly year: number,
    readonly validFrom: number,
  ) {
    super(`policy ${policyId} is in force from school year ${validFrom}; it has no values for ${year}`);
  }
}

/** The index of the value in force at `date` (the last one dated on or before it), or -1. */
function valueIndexAt(entry: ParameterEntry, date: IsoDate): number {
  let found = -1;
  entry.values.forEach((v, i) => {
    if (v.from <= date) found = i;
  });
  return found;
}

interface Assembled {
  thresholds: IndicatorThresholds;
  funding: FundingParams;
  remediationCosts: RemediationCosts;
  sources: Record<string, ParameterSource>;
  /** Index of the value in force, per parameter. */
  indexes: Record<string, number>;
}

/** The engine's object of a cited funding parameter: its value, with the reference as its clause. */
function citedObject(d: ParameterDefinition, value: unknown, reference: string): Record<string, unknown> {
  if (d.cited !== undefined && 'field' in d.cited) return { [d.cited.field]: value, clause: reference };
  return { ...(value as Record<string, unknown>), clause: reference };
}

/** Assembles the engines' parameters at a date; throws naming the first parameter without a value then. */
function assemble(def: PolicyDefinition, date: IsoDate): Assembled {
  const thresholds: Record<string, unknown> = {};
  const funding: Record<string, unknown> = {};
  const remediationCosts: Record<string, unknown> = {};
  const sources: Record<string, ParameterSource> = {};
  const indexes: Record<string, number> = {};
  for (const d of PARAMETERS) {
    const entry = def.parameters[d.path];
    if (entry === undefined) throw new Error(`policy ${def.id} has no parameter ${d.path}`);
    const i = valueIndexAt(entry, date);
    const dated = entry.values[i];
    if (dated === undefined) throw new Error(`policy ${def.id}: ${d.path} has no value at ${date}`);
    const value = structuredClone(dated.value);
    const [group, ...rest] = d.path.split('.');
    const inner = rest.join('.');
    if (group === 'funding') setPath(funding, inner, citedObject(d, value, entry.reference));
    else if (group === 'remediationCosts') setPath(remediationCosts, inner, value);
    else setPath(thresholds, inner, value);
    sources[d.path] = { from: dated.from, reference: entry.reference };
    indexes[d.path] = i;
  }
  return {
    thresholds: thresholds as IndicatorThresholds,
    funding: funding as FundingParams,
    remediationCosts: remediationCosts as RemediationCosts,
    sources,
    indexes,
  };
}

/**
 * A definition resolved for school year `year`: the engines' plain parameters (indicators with the
 * B13/B14/B26 standards read from the funding rules) and the source of every value. The definition must
 * be valid (`policyDefinitionProblems` empty).
 */
export function resolvePolicyDefinition(def: PolicyDefinition, year: number): PolicyProfile {
  if (year < def.validFrom) throw new PolicyNotInForceError(def.id, year, def.validFrom);
  const resolvedAt = resolutionDate(year);
  const { thresholds, funding, remediationCosts, sources } = assemble(def, resolvedAt);
  return {
    id: def.id,
    name: def.name,
    description: def.description,
    validFrom: def.validFrom,
    resolvedYear: year,
    resolvedAt,
    indicators: indicatorParams(thresholds, funding),
    funding,
    remediationCosts,
    sources,
  };
}

/** The school years at which some value of the definition changes, from validFrom on, ascending. */
export function changeYears(def: PolicyDefinition): number[] {
  const years = new Set<number>([def.validFrom]);
  for (const entry of Object.values(def.parameters)) {
    for (const v of entry.values) {
      if (!isIsoDate(v.from)) continue;
      const y = firstSchoolYearFrom(v.from);
      if (y > def.validFrom) years.add(y);
    }
  }
  return [...years].sort((a, b) => a - b);
}

/** The latest school year at which a value changes: resolving it gives the profile's current values. */
export const latestChangeYear = (def: PolicyDefinition): number => changeYears(def).at(-1) ?? def.validFrom;

const pointerOf = (path: string, rest = ''): string => `/parameters/${path}${rest}`;

/** Shape problems (the TypeBox schema), each with a pointer into the definition. */
export function definitionSchemaProblems(value: unknown): PolicyProblem[] {
  if (Value.Check(PolicyDefinitionSchema, value)) return [];
  return [...Value.Errors(PolicyDefinitionSchema, value)]
    .filter((e) => e.keyword !== 'additionalProperties') // reported at the property itself (keyword 'boolean')
    .map((e) => ({ pointer: e.instancePath || '/', message: messageOf(e) }));
}

function messageOf(e: { message: string; keyword: string; params: unknown }): string {
  const params = e.params as { allowedValue?: unknown };
  if (e.keyword === 'boolean') return 'is not a known field or parameter name';
  if (e.keyword === 'const' && params.allowedValue !== undefined) return `${e.message} ${JSON.stringify(params.allowedValue)}`;
  return e.message;
}

/**
 * Problems of a complete, schema-valid definition (every parent already applied): a missing parameter,
 * dates out of order, a parameter without a value for school year validFrom, and, at every school year
 * where a value changes, the funding rules' cross-field checks and the indicator thresholds' own.
 */
export function policyDefinitionProblems(def: PolicyDefinition): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const start = resolutionDate(def.validFrom);
  for (const d of PARAMETERS) {
    const entry = def.parameters[d.path];
    if (entry === undefined) {
      problems.push({ pointer: '/parameters', message: `missing parameter ${d.path} (${d.unit})` });
      continue;
    }
    entry.values.forEach((v, i) => {
      const before = entry.values[i - 1];
      if (before !== undefined && !(before.from < v.from)) {
        problems.push({ pointer: pointerOf(d.path, `/values/${i}/from`), message: `dates must ascend: ${v.from} does not follow ${before.from}` });
      }
    });
    const first = entry.values[0];
    if (first !== undefined && first.from > start) {
      problems.push({
        pointer: pointerOf(d.path, '/values/0/from'),
        message: `no value for school year ${def.validFrom} (resolved at ${start}): the first value is from ${first.from}; start it on or before ${start} or raise validFrom`,
      });
    }
  }
  if (problems.length > 0) return problems;

  const seen = new Set<string>();
  const add = (pointer: string, year: number, message: string) => {
    const key = `${pointer} ${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    problems.push({ pointer, message: `school year ${year} (resolved at ${resolutionDate(year)}): ${message}` });
  };
  for (const year of changeYears(def)) {
    const { thresholds, funding, remediationCosts, indexes } = assemble(def, resolutionDate(year));
    const at = (path: string, rest = '') => pointerOf(path, `/values/${indexes[path] ?? 0}/value${rest}`);
    for (const message of fundingParamsProblems(funding)) {
      // "/smallSchoolTier/bands/0: …" belongs to the parameter funding.smallSchoolTier
      const top = /^\/([A-Za-z]+)/.exec(message)?.[1];
      const path = top !== undefined && PARAMETER_BY_PATH.has(`funding.${top}`) ? `funding.${top}` : undefined;
      add(path !== undefined ? at(path) : '/parameters', year, message);
    }
    for (const p of thresholdProblems(thresholds)) add(at(p.path), year, p.message);
    // Belt and braces: what the engines will be given must match their schemas.
    if (!Value.Check(IndicatorThresholdsSchema, thresholds)) add('/parameters', year, 'the indicator parameters do not match the engine schema');
    if (!Value.Check(FundingParamsSchema, funding)) add('/parameters', year, 'the funding parameters do not match the engine schema');
    if (!Value.Check(RemediationCostsSchema, remediationCosts)) add('/parameters', year, 'the remediation costs do not match their schema');
  }
  return problems;
}

/** Contradictions between indicator thresholds that no single value's schema can see. */
function thresholdProblems(t: IndicatorThresholds): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  if (t.classSize.superLargeMin < t.classSize.largeMin) {
    out.push({
      path: 'indicators.classSize.superLargeMin',
      message: `超大班额 from ${t.classSize.superLargeMin} is below 大班额 from ${t.classSize.largeMin}`,
    });
  }
  for (const stage of ['primary', 'junior'] as const) {
    if (!(t.apportionWeights[stage] > 0)) {
      out.push({
        path: `indicators.apportionWeights.${stage}`,
        message: `a ${stage} unit must take a share of its school's facilities: the weight must be above 0`,
      });
    }
  }
  return out;
}

/** Every problem of a candidate definition: its shape first, then (when the shape is right) its content. */
export function allDefinitionProblems(value: unknown): PolicyProblem[] {
  const shape = definitionSchemaProblems(value);
  if (shape.length > 0) return shape;
  return policyDefinitionProblems(value as PolicyDefinition);
}
