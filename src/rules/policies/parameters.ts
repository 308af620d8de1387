// The registry of policy parameters: every value the two engines need, by its dotted name (as in the
// policy files: `indicators.resourceStandards.B1.primary`, `funding.boarding`), with its unit and the
// schema of one value. Names and value schemas are read from the engines' own parameter schemas, so the
// registry cannot drift from what the engines take; only the units are stated here.
//
// `remediationCosts.<action>` are the remediation plan's unit costs (docs/planning.md), one per action.
//
// Funding parameters that the engine cites (they carry a `clause`) are one parameter each: a rate is
// its integer fen, a single-field rule its field (`funding.inclusion` is `enabled`), a rule with several
// fields an object without `clause`. The parameter's `reference` becomes the `clause` the engine cites.

import { Type, type TSchema } from 'typebox';
import { FundingParamsSchema } from './funding-params.js';
import { IndicatorThresholdsSchema } from './indicator-params.js';
import { RemediationCostsSchema } from './remediation-costs.js';

/** Every unit a parameter may have. A policy file must state the unit of each parameter exactly. */
export const UNITS = [
  'teachers per 100 students',
  'm² per student',
  'yuan per student',
  'classrooms per 100 students',
  'indicators',
  'share',
  'coefficient of variation',
  'weight',
  'option',
  'students',
  'switch',
  'education level',
  'backbone levels',
  'subject codes',
  'classes per room',
  'm²',
  'school kinds',
  'students per class',
  'hours per year',
  'years',
  'level',
  'ratio',
  'fen per student per year',
  'fen per boarder per year',
  'basis points',
  'area types',
  'fen per teacher per year',
  'fen per teacher',
  'fen per m²',
  'fen per yuan',
  'fen per classroom',
  'fen per room',
  'fen per class',
  'fen per student',
] as const;
export type Unit = (typeof UNITS)[number];

/** The unit of every parameter. A test checks that this covers exactly the engines' parameters. */
export const PARAMETER_UNITS: Readonly<Record<string, Unit>> = {
  'indicators.resourceStandards.B1.primary': 'teachers per 100 students',
  'indicators.resourceStandards.B1.junior': 'teachers per 100 students',
  'indicators.resourceStandards.B2.primary': 'teachers per 100 students',
  'indicators.resourceStandards.B2.junior': 'teachers per 100 students',
  'indicators.resourceStandards.B3.primary': 'teachers per 100 students',
  'indicators.resourceStandards.B3.junior': 'teachers per 100 students',
  'indicators.resourceStandards.B4.primary': 'm² per student',
  'indicators.resourceStandards.B4.junior': 'm² per student',
  'indicators.resourceStandards.B5.primary': 'm² per student',
  'indicators.resourceStandards.B5.junior': 'm² per student',
  'indicators.resourceStandards.B6.primary': 'yuan per student',
  'indicators.resourceStandards.B6.junior': 'yuan per student',
  'indicators.resourceStandards.B7.primary': 'classrooms per 100 students',
  'indicators.resourceStandards.B7.junior': 'classrooms per 100 students',
  'indicators.minIndicatorsMet': 'indicators',
  'indicators.floorShare': 'share',
  'indicators.cvMax.primary': 'coefficient of variation',
  'indicators.cvMax.junior': 'coefficient of variation',
  'indicators.compositeCvMax.primary': 'coefficient of variation',
  'indicators.compositeCvMax.junior': 'coefficient of variation',
  'indicators.apportionWeights.preschool': 'weight',
  'indicators.apportionWeights.primary': 'weight',
  'indicators.apportionWeights.junior': 'weight',
  'indicators.apportionWeights.senior': 'weight',
  'indicators.teachingPoints': 'option',
  'indicators.teachingPointMinStudents': 'students',
  'indicators.assessPrivateSchools': 'switch',
  'indicators.subtractIndoorSportsFromTeachingArea': 'switch',
  'indicators.qualifiedEducationMin.primary': 'education level',
  'indicators.qualifiedEducationMin.junior': 'education level',
  'indicators.backboneLevels': 'backbone levels',
  'indicators.artsPeSubjects': 'subject codes',
  'indicators.specialRooms.classesPerRoom': 'classes per room',
  'indicators.specialRooms.musicRoomMinAreaM2': 'm²',
  'indicators.specialRooms.artRoomMinAreaM2': 'm²',
  'indicators.specialRooms.exemptKinds': 'school kinds',
  'indicators.schoolSizeMax.primary': 'students',
  'indicators.schoolSizeMax.teaching_point': 'students',
  'indicators.schoolSizeMax.junior': 'students',
  'indicators.schoolSizeMax.complete_secondary': 'students',
  'indicators.schoolSizeMax.nine_year': 'students',
  'indicators.schoolSizeMax.twelve_year': 'students',
  'indicators.classSize.max.primary': 'students per class',
  'indicators.classSize.max.junior': 'students per class',
  'indicators.classSize.largeMin': 'students per class',
  'indicators.classSize.superLargeMin': 'students per class',
  'indicators.classSize.exemptKinds': 'school kinds',
  'indicators.training.hoursPerYear': 'hours per year',
  'indicators.training.windowYears': 'years',
  'indicators.training.completionRateMin': 'share',
  'indicators.rotation.rotatedShareMin': 'share',
  'indicators.rotation.backboneShareMin': 'share',
  'indicators.rotation.tenureYears': 'years',
  'indicators.certificationRateMin': 'share',
  'indicators.teacherPayRatioMin': 'ratio',
  'indicators.nearbyEnrolmentMin.primary': 'share',
  'indicators.nearbyEnrolmentMin.junior': 'share',
  'indicators.qualityHighSchoolQuotaMin': 'share',
  'indicators.migrantChildrenInPublicMin': 'share',
  'indicators.juniorConsolidationMin': 'share',
  'indicators.disabledEnrolmentMin': 'share',
  'indicators.qualityMonitoring.minLevel': 'level',
  'indicators.qualityMonitoring.varianceShareBelow': 'share',
  'funding.baseRate.primary': 'fen per student per year',
  'funding.baseRate.junior': 'fen per student per year',
  'funding.ruralAreaTypes': 'area types',
  'funding.smallSchoolFloor': 'students',
  'funding.smallSchoolTier': 'students',
  'funding.boarding': 'fen per boarder per year',
  'funding.specialEducation': 'fen per student per year',
  'funding.inclusion': 'switch',
  'funding.preschool': 'fen per student per year',
  'funding.senior': 'fen per student per year',
  'funding.trainingMinimum': 'basis points',
  'funding.specialSchoolMinimum': 'fen per student per year',
  'funding.privateSchoolsEntitled': 'switch',
  'remediationCosts.hire_teachers': 'fen per teacher per year',
  'remediationCosts.designate_backbone': 'fen per teacher',
  'remediationCosts.add_teaching_area': 'fen per m²',
  'remediationCosts.add_sports_area': 'fen per m²',
  'remediationCosts.add_equipment': 'fen per yuan',
  'remediationCosts.add_multimedia_classrooms': 'fen per classroom',
  'remediationCosts.add_music_room': 'fen per room',
  'remediationCosts.add_art_room': 'fen per room',
  'remediationCosts.split_classes': 'fen per class',
  'remediationCosts.relocate_students': 'fen per student',
};

/** How a cited funding parameter's value becomes the engine's object: one field, or every field but `clause`. */
export type CitedShape = { field: string } | { fields: readonly string[] };

export interface ParameterDefinition {
  /** Dotted name, `indicators.…` or `funding.…`. */
  path: string;
  unit: Unit;
  /** Schema of one value. */
  schema: TSchema;
  /** For a cited funding parameter: how to build the engine's object (with `clause` = the reference). */
  cited?: CitedShape;
}

interface ObjectSchema {
  properties: Record<string, TSchema>;
}
const isObjectSchema = (s: TSchema): s is TSchema & ObjectSchema =>
  (s as { type?: unknown }).type === 'object' && typeof (s as { properties?: unknown }).properties === 'object';

function unitOf(path: string): Unit {
  const unit = PARAMETER_UNITS[path];
  if (unit === undefined) throw new Error(`policy parameter ${path} has no unit in PARAMETER_UNITS`);
  return unit;
}

/** Indicator parameters: every leaf of the thresholds schema (a nested object is a group, not a parameter). */
function indicatorLeaves(schema: TSchema & ObjectSchema, prefix: string, out: ParameterDefinition[]): void {
  for (const [key, sub] of Object.entries(schema.properties)) {
    const path = `${prefix}.${key}`;
    if (isObjectSchema(sub)) indicatorLeaves(sub, path, out);
    else out.push({ path, unit: unitOf(path), schema: sub });
  }
}

/** Funding parameters: every object with a `clause` is one parameter; other objects are groups. */
function fundingLeaves(schema: TSchema & ObjectSchema, prefix: string, out: ParameterDefinition[]): void {
  for (const [key, sub] of Object.entries(schema.properties)) {
    const path = `${prefix}.${key}`;
    if (!isObjectSchema(sub)) throw new Error(`funding parameter ${path} is not an object with a clause`);
    if (!('clause' in sub.properties)) {
      fundingLeaves(sub, path, out);
      continue;
    }
    const fields = Object.keys(sub.properties).filter((k) => k !== 'clause');
    const [only] = fields;
    if (fields.length === 1 && only !== undefined) {
      out.push({ path, unit: unitOf(path), schema: sub.properties[only] as TSchema, cited: { field: only } });
    } else {
      const properties = Object.fromEntries(fields.map((f) => [f, sub.properties[f] as TSchema]));
      out.push({ path, unit: unitOf(path), schema: Type.Object(properties, { additionalProperties: false }), cited: { fields } });
    }
  }
}

function buildRegistry(): readonly ParameterDefinition[] {
  const out: ParameterDefinition[] = [];
  indicatorLeaves(IndicatorThresholdsSchema as TSchema & ObjectSchema, 'indicators', out);
  fundingLeaves(FundingParamsSchema as TSchema & ObjectSchema, 'funding', out);
  // the remediation plan's unit costs: one flat parameter per action (remediation-costs.ts)
  indicatorLeaves(RemediationCostsSchema as TSchema & ObjectSchema, 'remediationCosts', out);
  const known = new Set(out.map((d) => d.path));
  const extra = Object.keys(PARAMETER_UNITS).filter((p) => !known.has(p));
  if (extra.length > 0) throw new Error(`PARAMETER_UNITS names parameters the engines do not take: ${extra.join(', ')}`);
  return out;
}

/** Every parameter the engines need, indicators first, in the order of their schemas. */
export const PARAMETERS: readonly ParameterDefinition[] = buildRegistry();

export const PARAMETER_BY_PATH: ReadonlyMap<string, ParameterDefinition> = new Map(PARAMETERS.map((d) => [d.path, d]));
