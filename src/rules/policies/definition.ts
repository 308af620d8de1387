// A policy profile as data: every parameter with its unit, its reference (the document and clause it
// comes from) and its dated values. This is the form of the files under policies/, of the profiles the
// API stores, and of GET /v1/policies answers (docs/policies.md).
//
// The older plain form (one value per parameter, funding values `{ fen, clause }`) is still accepted by
// the API and becomes a definition whose values apply from its validFrom (`definitionFromPlain`).

import { Type, type Static, type TSchema } from 'typebox';
import { compare, fromDecimal, rat } from '../exact.js';
import { resolutionDate, type IsoDate } from './dates.js';
import { FundingParamsSchema, fundingParamsProblems, type FundingParams } from './funding-params.js';
import { IndicatorThresholdsSchema, derivedIndicatorParams } from './indicator-params.js';
import { PARAMETERS, type ParameterDefinition } from './parameters.js';
import { PolicyIdSchema } from './profiles.js';
import { RemediationCostsSchema } from './remediation-costs.js';

/** A problem found in a policy, located by a JSON pointer into it. */
export interface PolicyProblem {
  pointer: string;
  message: string;
}

const datedValue = (value: TSchema) =>
  Type.Object(
    {
      from: Type.String({ format: 'date', description: 'the value applies from this date (YYYY-MM-DD) until the next value' }),
      value,
    },
    { additionalProperties: false },
  );

const parameterEntry = (d: ParameterDefinition) =>
  Type.Object(
    {
      unit: Type.Literal(d.unit, { description: `the unit of ${d.path}` }),
      reference: Type.String({ minLength: 1, maxLength: 2000, description: 'the document and clause the value comes from' }),
      note: Type.Optional(Type.String({ maxLength: 4000, description: 'an interpretation or remark' })),
      values: Type.Array(datedValue(d.schema), {
        minItems: 1,
        maxItems: 200,
        description: 'dated values, dates strictly ascending; each applies from its date until the next one',
      }),
    },
    { additionalProperties: false },
  );

/** Every parameter by its dotted name; each may be left out here (completeness is a separate check). */
export const ParametersSchema = Type.Object(
  Object.fromEntries(PARAMETERS.map((d) => [d.path, Type.Optional(parameterEntry(d))])),
  { additionalProperties: false, description: 'parameters by dotted name, each { unit, reference, note?, values: [{ from, value }] }' },
);

const definitionProperties = {
  id: PolicyIdSchema,
  name: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.String({ maxLength: 4000 }),
  validFrom: Type.Integer({ minimum: 2000, maximum: 2100, description: 'first school year the profile is in force' }),
  extends: Type.Optional(
    Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,63}$', description: 'a profile whose parameters this one takes where it states none' }),
  ),
  parameters: ParametersSchema,
};

/** The dated form: the files under policies/ and what the service stores (extends already applied). */
export const PolicyDefinitionSchema = Type.Object(definitionProperties, { additionalProperties: false });

/** One dated value of a parameter. */
export interface DatedValue {
  from: IsoDate;
  value: unknown;
}

export interface ParameterEntry {
  unit: string;
  reference: string;
  note?: string;
  values: DatedValue[];
}

export interface PolicyDefinition {
  id: string;
  name: string;
  description: string;
  validFrom: number;
  /** The profile it took its other parameters from (informational once applied). */
  extends?: string;
  parameters: Record<string, ParameterEntry>;
}

// ── the plain form ────────────────────────────────────────────────────────────────────────────────

/** Indicator thresholds of the plain form; B13/B14/B26 standards may be given only if they agree with the funding rules. */
export const PlainIndicatorsSchema = Type.Object(
  {
    ...IndicatorThresholdsSchema.properties,
    smallSchoolFundedStudents: Type.Optional(Type.Integer({ minimum: 1, description: 'optional; must equal funding.smallSchoolFloor.floorStudents' })),
    specialSchoolFundingPerStudentYuan: Type.Optional(Type.Number({ minimum: 0, description: 'optional; must equal funding.specialSchoolMinimum in yuan' })),
    trainingBudgetShareMin: Type.Optional(
      Type.Number({ minimum: 0, maximum: 1, description: 'optional; must equal funding.trainingMinimum.basisPoints / 10000' }),
    ),
  },
  { additionalProperties: false },
);

/** The plain form: one value per parameter, in force from validFrom; funding values carry their clause. */
export const PlainPolicySchema = Type.Object(
  {
    id: definitionProperties.id,
    name: definitionProperties.name,
    description: definitionProperties.description,
    validFrom: definitionProperties.validFrom,
    indicators: PlainIndicatorsSchema,
    funding: FundingParamsSchema,
    remediationCosts: Type.Optional(RemediationCostsSchema),
  },
  { additionalProperties: false },
);
export type PlainPolicy = Static<typeof PlainPolicySchema>;

// ── dotted paths ──────────────────────────────────────────────────────────────────────────────────

/** The value at a dotted path of a nested object (`undefined` when a step is missing). */
function getPath(root: unknown, path: string): unknown {
  let node: unknown = root;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** Sets a value at a dotted path, making the intermediate objects. */
export function setPath(root: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  const last = keys.pop() as string;
  let node = root;
  for (const key of keys) {
    const next = node[key];
    if (next === null || typeof next !== 'object') node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[last] = value;
}

/** A funding parameter's value as the plain form writes it: the engine object without its clause. */
function citedValue(d: ParameterDefinition, engineObject: Record<string, unknown>): unknown {
  if (d.cited === undefined) return engineObject;
  if ('field' in d.cited) return engineObject[d.cited.field];
  return Object.fromEntries(d.cited.fields.map((f) => [f, engineObject[f]]));
}

/**
 * Problems the plain form's schema cannot express: a B13, B14 or B26 standard that disagrees with the
 * funding rule it comes from, and the funding rules' cross-field checks (tier bands).
 */
export function plainPolicyProblems(plain: PlainPolicy): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const derived = derivedIndicatorParams(plain.funding);
  const i = plain.indicators;
  if (i.smallSchoolFundedStudents !== undefined && i.smallSchoolFundedStudents !== derived.smallSchoolFundedStudents) {
    problems.push({
      pointer: '/indicators/smallSchoolFundedStudents',
      message: `${i.smallSchoolFundedStudents} contradicts /funding/smallSchoolFloor/floorStudents (${derived.smallSchoolFundedStudents}): B13's standard is the funding floor; leave it out or give the same value`,
    });
  }
  if (
    i.specialSchoolFundingPerStudentYuan !== undefined &&
    compare(fromDecimal(i.specialSchoolFundingPerStudentYuan), rat(plain.funding.specialSchoolMinimum.fen, 100)) !== 0
  ) {
    problems.push({
      pointer: '/indicators/specialSchoolFundingPerStudentYuan',
      message: `${i.specialSchoolFundingPerStudentYuan} contradicts /funding/specialSchoolMinimum/fen (${derived.specialSchoolFundingPerStudentYuan} yuan): B14's standard is the funding minimum; leave it out or give the same value`,
    });
  }
  if (
    i.trainingBudgetShareMin !== undefined &&
    compare(fromDecimal(i.trainingBudgetShareMin), rat(plain.funding.trainingMinimum.basisPoints, 10000)) !== 0
  ) {
    problems.push({
      pointer: '/indicators/trainingBudgetShareMin',
      message: `${i.trainingBudgetShareMin} contradicts /funding/trainingMinimum/basisPoints (${plain.funding.trainingMinimum.basisPoints}): B26's standard is the funding training minimum; leave it out or give the same value`,
    });
  }
  for (const message of fundingParamsProblems(plain.funding)) problems.push({ pointer: '/funding', message });
  return problems;
}

/**
 * The plain form as a definition: every value applies from the start of school year validFrom. A funding
 * value's clause becomes its reference; indicator values had none, which the reference says.
 */
export function definitionFromPlain(plain: PlainPolicy): PolicyDefinition {
  const from = resolutionDate(plain.validFrom);
  const parameters: Record<string, ParameterEntry> = {};
  for (const d of PARAMETERS) {
    const [group, ...rest] = d.path.split('.');
    const inner = rest.join('.');
    if (group === 'remediationCosts') {
      // optional in the plain form: left out, the defaults are filled in (withDefaultRemediationCosts)
      if (plain.remediationCosts === undefined) continue;
      parameters[d.path] = {
        unit: d.unit,
        reference: `stated without a reference in profile ${plain.id} (${plain.name})`,
        values: [{ from, value: structuredClone(getPath(plain.remediationCosts, inner)) }],
      };
    } else if (group === 'funding') {
      const engineObject = getPath(plain.funding as FundingParams, inner) as Record<string, unknown> & { clause: string };
      parameters[d.path] = { unit: d.unit, reference: engineObject.clause, values: [{ from, value: structuredClone(citedValue(d, engineObject)) }] };
    } else {
      parameters[d.path] = {
        unit: d.unit,
        reference: `stated without a reference in profile ${plain.id} (${plain.name})`,
        values: [{ from, value: structuredClone(getPath(plain.indicators, inner)) }],
      };
    }
  }
  return { id: plain.id, name: plain.name, description: plain.description, validFrom: plain.validFrom, parameters };
}

/** A definition that names a parent: the parent's parameters where the child states none. */
export function applyExtends(child: PolicyDefinition, parent: PolicyDefinition): PolicyDefinition {
  return {
    ...child,
    extends: parent.id,
    parameters: { ...structuredClone(parent.parameters), ...structuredClone(child.parameters) },
  };
}

/**
 * The remediation plan's unit costs a definition does not state, taken from `defaults` (the profile of
 * every county not listed in policies/defaults.json): custom profiles stored before the costs existed, or
 * created without them, plan with the shipped assumptions. The copied values apply from the definition's
 * first school year at the latest, so every year it is in force has one.
 */
export function withDefaultRemediationCosts(def: PolicyDefinition, defaults: PolicyDefinition): PolicyDefinition {
  const missing = PARAMETERS.filter((d) => d.path.startsWith('remediationCosts.') && def.parameters[d.path] === undefined);
  if (missing.length === 0) return def;
  const start = resolutionDate(def.validFrom);
  const parameters = { ...def.parameters };
  for (const d of missing) {
    const entry = defaults.parameters[d.path];
    if (entry === undefined) continue;
    const values = structuredClone(entry.values);
    const first = values[0];
    if (first !== undefined && first.from > start) first.from = start;
    parameters[d.path] = {
      ...structuredClone(entry),
      note: `not stated in profile ${def.id}: the default of profile ${defaults.id}${entry.note ? `; ${entry.note}` : ''}`,
      values,
    };
  }
  return { ...def, parameters };
}
