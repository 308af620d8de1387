// The county's B1–B7 verdict per stage (docs/domain.md §3 + §4): every assessed unit passes and every cv meets.

import type { IndicatorParams } from '../policies/indicator-params.js';
import type { CompulsoryStage } from '../vocabulary.js';
import { assessComposite, assessDispersion, type CompositeResult, type DispersionResult } from './dispersion.js';
import type { SchoolInput } from './inputs.js';
import { allOf } from './rate.js';
import { assessUnit, RESOURCE_INDICATOR_IDS, type ResourceIndicatorId, type UnitResourceResult } from './resource.js';
import { buildAssessmentUnits, type AssessmentUnit, type ExcludedSchool } from './units.js';

export interface StageResourceAllocation {
  stage: CompulsoryStage;
  units: UnitResourceResult[];
  dispersion: Record<ResourceIndicatorId, DispersionResult>;
  composite: CompositeResult;
  /** Assessed units that pass the unit rule. */
  schoolsPassing: number;
  /** Assessed units. */
  unitsAssessed: number;
  /** Every assessed unit passes and every cv meets; null when missing inputs leave it open. */
  passes: boolean | null;
  missing: string[];
  explanation: string;
}

export interface ResourceAllocation {
  primary: StageResourceAllocation;
  junior: StageResourceAllocation;
  excluded: ExcludedSchool[];
  /** Both stages pass (docs/domain.md §4 "County passes B1–B7"). */
  passes: boolean | null;
}

/**
 * The assessment with the units it was made on, so that each unit's figures can be shown with their
 * inputs. The units hold exact rationals, so unlike the assessment this is not plain JSON.
 */
export interface ResourceAssessment {
  /** Every unit of both stages, assessed or not: the inputs behind the stages' per-unit results. */
  units: AssessmentUnit[];
  allocation: ResourceAllocation;
}

/** B1–B7 for one stage from already-built units. */
function assessStage(
  units: readonly AssessmentUnit[],
  stage: CompulsoryStage,
  params: IndicatorParams,
): StageResourceAllocation {
  const stageUnits = units.filter((u) => u.stage === stage);
  const results = stageUnits.map((u) => assessUnit(u, params));
  const dispersion = {} as Record<ResourceIndicatorId, DispersionResult>;
  for (const id of RESOURCE_INDICATOR_IDS) dispersion[id] = assessDispersion(stageUnits, id, stage, params);
  const composite = assessComposite(dispersion, stage, params);
  const assessed = results.filter((r) => r.assessed);
  const schoolsPassing = assessed.filter((r) => r.passes === true).length;
  const noUnit = assessed.length === 0;
  const passes = noUnit
    ? null
    : allOf([...assessed.map((r) => r.passes), ...RESOURCE_INDICATOR_IDS.map((id) => dispersion[id].met)]);
  const missing = new Set<string>();
  for (const r of assessed) for (const m of r.missing) missing.add(m);
  for (const id of RESOURCE_INDICATOR_IDS) for (const m of dispersion[id].missing) missing.add(m);
  if (noUnit) missing.add(`assessed ${stage} units`);
  const cvFailing = RESOURCE_INDICATOR_IDS.filter((id) => dispersion[id].met === false);
  return {
    stage,
    units: results,
    dispersion,
    composite,
    schoolsPassing,
    unitsAssessed: assessed.length,
    passes,
    missing: [...missing],
    explanation: noUnit
      ? `${stage}: no assessed unit`
      : `${stage}: ${schoolsPassing} of ${assessed.length} assessed units pass` +
        (cvFailing.length > 0 ? `; cv above ${params.cvMax[stage]}: ${cvFailing.join(', ')}` : '') +
        (passes === true ? ': passes' : passes === false ? ': fails' : ': undecided (missing inputs)'),
  };
}

/** B1–B7 for a county-year, with the assessment units it was computed on. */
export function assessResourceUnits(schools: readonly SchoolInput[], params: IndicatorParams): ResourceAssessment {
  const { units, excluded } = buildAssessmentUnits(schools, params);
  const primary = assessStage(units, 'primary', params);
  const junior = assessStage(units, 'junior', params);
  return { units, allocation: { primary, junior, excluded, passes: allOf([primary.passes, junior.passes]) } };
}

/** B1–B7 for a county-year: per-unit results, dispersion, composite, verdicts. */
export function assessResourceAllocation(schools: readonly SchoolInput[], params: IndicatorParams): ResourceAllocation {
  return assessResourceUnits(schools, params).allocation;
}
