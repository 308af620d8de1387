// GET /v1/schools/{schoolCode}/compare: one school in two years. Every figure comes from the answers the
// service already gives for each year (the school's indicators, its entitlement) and from the recorded
// inputs; nothing is recomputed here, so a comparison always agrees with the two years' own answers.

import type { Queryable } from '../../db/connection.js';
import { FUNDING_COMPONENTS } from '../../rules/funding/index.js';
import { RESOURCE_INDICATOR_IDS } from '../../rules/indicators/index.js';
import { figureChanges, numberChange, numericLeaves, verdictChange, yuanChange } from '../../rules/compare/delta.js';
import type { AllocationUnitT, SchoolIndicatorsT } from '../../schemas/indicators.js';
import type { IndicatorChangeT, SchoolComparisonT } from '../../schemas/compare.js';
import type { SchoolEntitlementT } from '../../schemas/funding.js';
import { schoolEntitlement } from '../funding/entitlements.js';
import { schoolCounty } from '../indicators/context.js';
import { schoolIndicators } from '../indicators/school-indicators.js';
import { statusOfMet } from './status.js';
import { assertYearsHaveClasses } from './years.js';
import { loadYearFigures } from './year-figures.js';

export interface CompareOptions {
  policyId?: string | undefined;
  /** Runs as soon as the county is known: a county the caller may not see is 404, like a missing school. */
  visible?: (countyCode: string) => void;
}

type Unit = AllocationUnitT;

/** B1–B7 of one unit in both years (a unit absent in a year has null figures and no status that year). */
function unitIndicatorChanges(unitId: string, stage: Unit['stage'], from: Unit | undefined, to: Unit | undefined): IndicatorChangeT[] {
  return RESOURCE_INDICATOR_IDS.map((id) => {
    const a = from?.indicators?.[id];
    const b = to?.indicators?.[id];
    const figures = (r: typeof a) => (r ? { value: r.value, numerator: r.numerator, denominator: r.denominator, standard: r.standard, floor: r.floor } : null);
    return {
      id,
      stage,
      unitId,
      status: verdictChange(a ? statusOfMet(a.met) : null, b ? statusOfMet(b.met) : null),
      figures: figureChanges(figures(a), figures(b)),
    };
  });
}

/** B10, B11, B12 of the school: the status and the figures behind it. */
function schoolIndicatorChanges(from: SchoolIndicatorsT, to: SchoolIndicatorsT): IndicatorChangeT[] {
  return (['B10', 'B11', 'B12'] as const).map((id) => {
    const a = from[id];
    const b = to[id];
    // texts, verdicts and lists (B12's violations, whose count is `overLimit`) are not figures
    const figures = (r: typeof a) => (r ? numericLeaves(r) : null);
    return { id, stage: null, unitId: null, status: verdictChange(a?.status, b?.status), figures: figureChanges(figures(a), figures(b)) };
  });
}

function entitlementChanges(from: SchoolEntitlementT, to: SchoolEntitlementT): SchoolComparisonT['entitlement'] {
  const byComponent = (e: SchoolEntitlementT) => new Map(e.components.map((c) => [c.component, c]));
  const a = byComponent(from);
  const b = byComponent(to);
  return {
    entitled: verdictChange(from.entitled, to.entitled),
    totalYuan: yuanChange(from.totalYuan, to.totalYuan),
    trainingMinimumYuan: yuanChange(from.trainingMinimumYuan, to.trainingMinimumYuan),
    components: FUNDING_COMPONENTS.filter((c) => a.has(c) || b.has(c)).map((component) => {
      const x = a.get(component);
      const y = b.get(component);
      return {
        component,
        quantity: numberChange(x?.quantity, y?.quantity),
        rateYuan: yuanChange(x?.rateYuan, y?.rateYuan),
        amountYuan: yuanChange(x?.amountYuan, y?.amountYuan),
      };
    }),
  };
}

export async function schoolComparison(db: Queryable, schoolCode: string, from: number, to: number, options: CompareOptions = {}): Promise<SchoolComparisonT> {
  const { countyCode } = await schoolCounty(db, schoolCode);
  options.visible?.(countyCode);
  const byYear = assertYearsHaveClasses(`school ${schoolCode}`, await loadYearFigures(db, { schoolCode }, [from, to]), { from, to });
  const choice = { policyId: options.policyId };
  const [indicatorsFrom, indicatorsTo, moneyFrom, moneyTo] = await Promise.all([
    schoolIndicators(db, schoolCode, from, choice),
    schoolIndicators(db, schoolCode, to, choice),
    schoolEntitlement(db, schoolCode, from, choice, () => {}),
    schoolEntitlement(db, schoolCode, to, choice, () => {}),
  ]);

  const unitsFrom = new Map(indicatorsFrom.units.map((u) => [u.unitId, u]));
  const unitsTo = new Map(indicatorsTo.units.map((u) => [u.unitId, u]));
  const unitIds = [...new Set([...unitsFrom.keys(), ...unitsTo.keys()])];
  const units = unitIds.map((unitId) => {
    const a = unitsFrom.get(unitId);
    const b = unitsTo.get(unitId);
    const either = (b ?? a) as Unit;
    return {
      unitId,
      schoolCode: either.schoolCode,
      stage: either.stage,
      students: numberChange(a?.students, b?.students),
      metCount: numberChange(a?.metCount, b?.metCount),
      passes: verdictChange(a?.passes, b?.passes),
    };
  });

  return {
    schoolCode,
    schoolName: indicatorsTo.schoolName,
    kind: indicatorsTo.kind,
    countyCode,
    from,
    to,
    policies: {
      from: { policyId: indicatorsFrom.policyId, policySource: indicatorsFrom.policySource },
      to: { policyId: indicatorsTo.policyId, policySource: indicatorsTo.policySource },
    },
    inputs: figureChanges(byYear.get(from)?.figures ?? null, byYear.get(to)?.figures ?? null),
    units,
    indicators: [
      ...units.flatMap((u) => unitIndicatorChanges(u.unitId, u.stage, unitsFrom.get(u.unitId), unitsTo.get(u.unitId))),
      ...schoolIndicatorChanges(indicatorsFrom, indicatorsTo),
    ],
    entitlement: entitlementChanges(moneyFrom, moneyTo),
  };
}
