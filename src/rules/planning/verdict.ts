// The verdict a plan is judged by (docs/planning.md §1): the indicator engines themselves, run on a
// county-year's inputs. A plan passes when, for the stages planned, every assessed unit passes and every
// B1–B7 cv meets its limit, no class is above its B12 limit, no school is above its B11 cap, and every
// school B10 applies to has its rooms.

import { assessClassSizes } from '../indicators/class-size.js';
import type { SchoolInput } from '../indicators/inputs.js';
import { assessResourceUnits } from '../indicators/resource-allocation.js';
import { RESOURCE_INDICATOR_IDS, type ResourceIndicatorId } from '../indicators/resource.js';
import { assessSchoolSizeCounty } from '../indicators/school-size.js';
import { assessSpecialRoomsCounty } from '../indicators/special-rooms.js';
import type { AssessmentUnit } from '../indicators/units.js';
import type { IndicatorParams } from '../policies/indicator-params.js';
import type { CompulsoryStage } from '../vocabulary.js';

export interface StageVerdict {
  /** Every assessed unit passes and every cv meets (true also when the stage has no assessed unit). */
  passes: boolean;
  unitsAssessed: number;
  unitsPassing: number;
  cv: Record<ResourceIndicatorId, number | null>;
  cvMet: Record<ResourceIndicatorId, boolean | null>;
}

export interface PlanVerdict {
  passes: boolean;
  resourceAllocation: Partial<Record<CompulsoryStage, StageVerdict>>;
  /** B12: classes of the planned stages above their limit. */
  classSizes: { overLimit: number };
  /** B11: schools above their cap. */
  schoolSize: { over: number; schools: string[] };
  /** B10: schools short of music or art rooms. */
  rooms: { short: number; schools: string[] };
}

/** A unit's verdict as a plan reports it before and after. */
export interface UnitJudgement {
  metCount: number;
  passes: boolean | null;
}

/** The verdict with what it was computed on: the assessment units and each assessed unit's result by id. */
export interface PlanJudgement {
  verdict: PlanVerdict;
  units: AssessmentUnit[];
  byUnit: Map<string, UnitJudgement>;
}

export function planVerdict(schools: readonly SchoolInput[], params: IndicatorParams, stages: readonly CompulsoryStage[]): PlanVerdict {
  return judgePlan(schools, params, stages).verdict;
}

/** planVerdict, keeping the units and per-unit results so a plan need not build and assess them again. */
export function judgePlan(schools: readonly SchoolInput[], params: IndicatorParams, stages: readonly CompulsoryStage[]): PlanJudgement {
  const { units, allocation } = assessResourceUnits(schools, params);
  const resourceAllocation: PlanVerdict['resourceAllocation'] = {};
  const byUnit = new Map<string, UnitJudgement>();
  let passes = true;
  for (const stage of stages) {
    const s = allocation[stage];
    for (const r of s.units) if (r.assessed) byUnit.set(r.unitId, { metCount: r.metCount, passes: r.passes });
    const cv = {} as Record<ResourceIndicatorId, number | null>;
    const cvMet = {} as Record<ResourceIndicatorId, boolean | null>;
    for (const id of RESOURCE_INDICATOR_IDS) {
      cv[id] = s.dispersion[id].cv;
      cvMet[id] = s.dispersion[id].met;
    }
    const stagePasses = s.unitsAssessed === 0 || s.passes === true;
    if (!stagePasses) passes = false;
    resourceAllocation[stage] = { passes: stagePasses, unitsAssessed: s.unitsAssessed, unitsPassing: s.schoolsPassing, cv, cvMet };
  }
  const classes = assessClassSizes(schools, params);
  const overLimit = classes.violations.filter((v) => stages.includes(v.stage)).length;
  const size = assessSchoolSizeCounty(schools, params);
  const rooms = assessSpecialRoomsCounty(schools, params);
  if (overLimit > 0 || size.notMet.length > 0 || rooms.notMet.length > 0) passes = false;
  const verdict: PlanVerdict = {
    passes,
    resourceAllocation,
    classSizes: { overLimit },
    schoolSize: { over: size.notMet.length, schools: size.notMet },
    rooms: { short: rooms.notMet.length, schools: rooms.notMet },
  };
  return { verdict, units, byUnit };
}
