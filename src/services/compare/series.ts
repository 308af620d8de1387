// GET /v1/counties/{countyCode}/indicator-series: each indicator's county-level figures and status per
// year, for the trajectory toward the plan's target year. Each year is the scorecard and the resource
// allocation of that year as their own services compute them (the scorecard from its cache when the
// year's data has not changed); this file only lines the years up.

import type { Queryable } from '../../db/connection.js';
import { RESOURCE_INDICATOR_IDS, type ResourceIndicatorId } from '../../rules/indicators/index.js';
import { COMPULSORY_STAGES } from '../../rules/vocabulary.js';
import type { IndicatorSeriesT } from '../../schemas/compare.js';
import type { ResourceAllocationT, StageAllocationT } from '../../schemas/indicators.js';
import { ServiceError } from '../errors.js';
import { resourceAllocation } from '../indicators/resource-allocation.js';
import { scorecard } from '../indicators/scorecard.js';
import { scorecardFigures } from './county.js';
import { assertYearOrder, countyName } from './years.js';
import { loadYearFigures } from './year-figures.js';

export interface SeriesOptions {
  from?: number | undefined;
  to?: number | undefined;
  policyId?: string | undefined;
}

const isResourceIndicator = (id: string): id is ResourceIndicatorId => (RESOURCE_INDICATOR_IDS as readonly string[]).includes(id);

/** Per stage, how many assessed units meet this indicator's standard (counted from the year's units). */
function unitsMeeting(allocation: ResourceAllocationT, id: ResourceIndicatorId): Record<string, number> {
  const out: Record<string, number> = {};
  for (const stage of COMPULSORY_STAGES) {
    out[`${stage}.unitsMet`] = allocation.units.filter((u) => u.stage === stage && u.assessed && u.indicators?.[id].met === true).length;
  }
  return out;
}

const stageFigures = (s: StageAllocationT | undefined) => ({
  passes: s?.passes ?? null,
  unitsAssessed: s?.unitsAssessed ?? 0,
  schoolsPassing: s?.schoolsPassing ?? 0,
  compositeCv: s?.composite.cv ?? null,
});

export async function indicatorSeries(db: Queryable, countyCode: string, options: SeriesOptions = {}): Promise<IndicatorSeriesT> {
  if (options.from !== undefined && options.to !== undefined) assertYearOrder(options.from, options.to, false);
  const name = await countyName(db, countyCode);
  const withClasses = (await loadYearFigures(db, { countyCode })).filter((f) => f.classes > 0).map((f) => f.year);
  const from = options.from ?? withClasses[0];
  const to = options.to ?? withClasses[withClasses.length - 1];
  if (from === undefined || to === undefined || from > to) {
    // no year with classes at all, or only outside a one-sided range
    const range = options.from !== undefined ? `from ${options.from}` : options.to !== undefined ? `up to ${options.to}` : 'in any year';
    throw new ServiceError(404, 'not-found', 'Not Found', `county ${countyCode} has no classes ${range}: there is no indicator to follow`);
  }
  const years = withClasses.filter((y) => y >= from && y <= to);
  if (years.length === 0) {
    throw new ServiceError(404, 'not-found', 'Not Found', `county ${countyCode} has no classes in ${from}–${to}: there is no indicator to follow`);
  }
  const yearsWithoutData: number[] = [];
  for (let y = from; y <= to; y++) if (!years.includes(y)) yearsWithoutData.push(y);

  const choice = { policyId: options.policyId };
  const answers = [];
  for (const year of years) {
    const [card, allocation] = await Promise.all([scorecard(db, countyCode, year, choice), resourceAllocation(db, countyCode, year, choice)]);
    answers.push({ year, card, allocation });
  }

  const entries = new Map<string, IndicatorSeriesT['indicators'][number]>();
  for (const { year, card, allocation } of answers) {
    for (const e of card.indicators) {
      let entry = entries.get(e.id);
      if (!entry) entries.set(e.id, (entry = { id: e.id, group: e.group, text: e.text, responsibleUnits: [...e.responsibleUnits], points: [] }));
      const figures = { ...scorecardFigures(e), ...(isResourceIndicator(e.id) ? unitsMeeting(allocation, e.id) : {}) };
      entry.points.push({ year, policyId: card.policyId, status: e.status, figures });
    }
  }

  return {
    countyCode,
    countyName: name,
    from,
    to,
    years,
    yearsWithoutData,
    indicators: [...entries.values()],
    resourceAllocation: answers.map(({ year, allocation }) => ({
      year,
      policyId: allocation.policyId,
      passes: allocation.passes,
      primary: stageFigures(allocation.stages.primary),
      junior: stageFigures(allocation.stages.junior),
    })),
  };
}
