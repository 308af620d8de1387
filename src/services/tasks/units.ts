// GET /v1/counties/{countyCode}/responsible-units: the plan's units (附件2) with their duties, the
// indicators they answer for (附件1) and the tasks that name them (附件3), so that an indicator not met
// leads to who must act (docs/tasks.md).

import type { Queryable } from '../../db/connection.js';
import type { IndicatorId } from '../../rules/indicators/catalogue.js';
import type { IsoDate } from '../../rules/tasks/deadline.js';
import type { UnitPageT } from '../../schemas/tasks.js';
import { countyPlan } from './catalog.js';
import { countyProgress } from './progress-store.js';
import { assertCountyKnown, dayOf, taskView } from './tasks.js';

export interface UnitFilter {
  indicator?: IndicatorId | undefined;
  asOf?: IsoDate | undefined;
  limit: number;
  offset: number;
}

export async function responsibleUnits(db: Queryable, countyCode: string, filter: UnitFilter): Promise<UnitPageT> {
  const asOf = dayOf(filter.asOf);
  const plan = countyPlan(countyCode);
  const page = { limit: filter.limit, offset: filter.offset };
  if (!plan) {
    await assertCountyKnown(db, countyCode);
    return { countyCode, asOf, source: null, items: [], total: 0, ...page };
  }
  const progress = await countyProgress(db, countyCode);
  const tasks = plan.tasks.map((t) => taskView(countyCode, t, progress.get(t.taskId), asOf));
  const matching = plan.units
    .filter((u) => filter.indicator === undefined || u.indicators.includes(filter.indicator))
    .map((u) => ({
      unitId: u.unitId,
      name: u.name,
      aliases: [...u.aliases],
      duties: u.duties,
      dutiesSharedWith: [...u.dutiesSharedWith],
      indicators: [...u.indicators],
      tasks: tasks
        .filter((t) => t.responsibleUnits.some((r) => r.unitId === u.unitId))
        .map((t) => ({ taskId: t.taskId, text: t.text, deadline: t.deadline, status: t.status, overdue: t.overdue })),
    }));
  return { countyCode, asOf, source: plan.unitsSource, items: matching.slice(filter.offset, filter.offset + filter.limit), total: matching.length, ...page };
}

/** CSV of the units: one row per unit, its indicators and task ids joined with `;`. */
export const UNIT_CSV_COLUMNS = ['unitId', 'name', 'aliases', 'indicators', 'taskIds', 'dutiesSharedWith', 'duties'] as const;

export const unitCsvRows = (page: UnitPageT) => page.items.map((u) => ({ ...u, taskIds: u.tasks.map((t) => t.taskId) }));
