// GET /v1/counties/{countyCode}/compare: a county in two years. The indicator figures are the scorecard's
// and the resource allocation's (both computed by their own services, for each year under its policy),
// the money the county entitlements' totals, the inputs the recorded sums and the county facts.

import type { Queryable } from '../../db/connection.js';
import { FUNDING_COMPONENTS } from '../../rules/funding/index.js';
import { RESOURCE_INDICATOR_IDS } from '../../rules/indicators/index.js';
import { figureChanges, numberChange, numericLeaves, verdictChange, yuanChange } from '../../rules/compare/delta.js';
import { COMPULSORY_STAGES } from '../../rules/vocabulary.js';
import type { CountyComparisonT, IndicatorChangeT } from '../../schemas/compare.js';
import type { CountyEntitlementsT } from '../../schemas/funding.js';
import type { ResourceAllocationT, ScorecardIndicatorT, ScorecardT } from '../../schemas/indicators.js';
import { countyEntitlements } from '../funding/entitlements.js';
import { loadCountyFacts } from '../indicators/context.js';
import { resourceAllocation } from '../indicators/resource-allocation.js';
import { scorecard } from '../indicators/scorecard.js';
import type { CompareOptions } from './school.js';
import { statusOfMet } from './status.js';
import { assertYearsHaveClasses, countyName } from './years.js';
import { loadYearFigures } from './year-figures.js';

/** The numbers of one scorecard entry: its value(s), standard(s) and the counts behind its status. */
export const scorecardFigures = (e: ScorecardIndicatorT): Record<string, number | null> =>
  numericLeaves({ value: e.value, valueByStage: e.valueByStage, standard: e.standard, standardByStage: e.standardByStage, ...(e.detail ?? {}) });

function scorecardChanges(from: ScorecardT, to: ScorecardT): IndicatorChangeT[] {
  const a = new Map(from.indicators.map((e) => [e.id, e]));
  const b = new Map(to.indicators.map((e) => [e.id, e]));
  const ids = [...new Set([...a.keys(), ...b.keys()])];
  return ids.map((id) => {
    const x = a.get(id);
    const y = b.get(id);
    return {
      id,
      stage: null,
      unitId: null,
      status: verdictChange(x?.status, y?.status),
      figures: figureChanges(x ? scorecardFigures(x) : null, y ? scorecardFigures(y) : null),
    };
  });
}

/** Units passing the unit rule, the composite cv and each indicator's dispersion, per stage. */
function allocationChanges(from: ResourceAllocationT, to: ResourceAllocationT): CountyComparisonT['resourceAllocation'] {
  return {
    passes: verdictChange(from.passes, to.passes),
    stages: COMPULSORY_STAGES.map((stage) => {
      const a = from.stages[stage];
      const b = to.stages[stage];
      const figures = (s: typeof a) =>
        s ? { units: s.units, unitsAssessed: s.unitsAssessed, schoolsPassing: s.schoolsPassing, compositeCv: s.composite.cv, compositeMax: s.composite.max } : null;
      return {
        stage,
        passes: verdictChange(a?.passes, b?.passes),
        figures: figureChanges(figures(a), figures(b)),
        dispersion: RESOURCE_INDICATOR_IDS.map((id) => {
          const x = a?.dispersion[id];
          const y = b?.dispersion[id];
          const numbers = (d: typeof x) => (d ? { cv: d.cv, max: d.max, mean: d.mean, sd: d.sd, units: d.units, students: d.students } : null);
          return {
            id,
            stage,
            unitId: null,
            status: verdictChange(x ? statusOfMet(x.met) : null, y ? statusOfMet(y.met) : null),
            figures: figureChanges(numbers(x), numbers(y)),
          };
        }),
      };
    }),
  };
}

function entitlementChanges(from: CountyEntitlementsT, to: CountyEntitlementsT): CountyComparisonT['entitlement'] {
  const byComponent = (e: CountyEntitlementsT) => new Map(e.totals.byComponent.map((c) => [c.component, c]));
  const a = byComponent(from);
  const b = byComponent(to);
  return {
    schools: numberChange(from.totals.schools, to.totals.schools),
    totalYuan: yuanChange(from.totals.totalYuan, to.totals.totalYuan),
    trainingMinimumYuan: yuanChange(from.totals.trainingMinimumYuan, to.totals.trainingMinimumYuan),
    components: FUNDING_COMPONENTS.filter((c) => a.has(c) || b.has(c)).map((component) => {
      const x = a.get(component);
      const y = b.get(component);
      return {
        component,
        schools: numberChange(x?.schools, y?.schools),
        quantity: numberChange(x?.quantity, y?.quantity),
        amountYuan: yuanChange(x?.amountYuan, y?.amountYuan),
      };
    }),
  };
}

export async function countyComparison(db: Queryable, countyCode: string, from: number, to: number, options: CompareOptions = {}): Promise<CountyComparisonT> {
  const name = await countyName(db, countyCode);
  const byYear = assertYearsHaveClasses(`county ${countyCode}`, await loadYearFigures(db, { countyCode }, [from, to]), { from, to });
  const choice = { policyId: options.policyId };
  // one year after the other: each year's scorecard already runs its own queries side by side
  const year = async (y: number) => {
    const [card, allocation, money, facts] = await Promise.all([
      scorecard(db, countyCode, y, choice),
      resourceAllocation(db, countyCode, y, choice),
      countyEntitlements(db, countyCode, y, choice),
      loadCountyFacts(db, countyCode, y),
    ]);
    const inputs = { ...(byYear.get(y)?.figures ?? {}), ...numericLeaves(facts ?? {}, 'facts') };
    return { card, allocation, money, inputs };
  };
  const a = await year(from);
  const b = await year(to);
  return {
    countyCode,
    countyName: name,
    from,
    to,
    policies: {
      from: { policyId: a.card.policyId, policySource: a.card.policySource },
      to: { policyId: b.card.policyId, policySource: b.card.policySource },
    },
    inputs: figureChanges(a.inputs, b.inputs),
    indicators: scorecardChanges(a.card, b.card),
    resourceAllocation: allocationChanges(a.allocation, b.allocation),
    entitlement: entitlementChanges(a.money, b.money),
  };
}
