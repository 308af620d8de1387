// GET /reports/counties/{countyCode}/tasks: the county plan's task tracker for people. The figures are the
// API's own answers (GET /v1/counties/{c}/tasks and /responsible-units, the latest year's scorecard); the
// page only lays them out, and writes nothing.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Database, Queryable } from '../../db/connection.js';
import { assertCountyVisible } from '../../plugins/auth.js';
import { CountyCode } from '../../schemas/common.js';
import { ServiceError } from '../../services/errors.js';
import { scorecard } from '../../services/indicators/index.js';
import { countyWithYears } from '../../services/report-index.js';
import { listTasks } from '../../services/tasks/tasks.js';
import { responsibleUnits } from '../../services/tasks/units.js';
import { standardWords } from '../county-report/scorecard-grid.js';
import { layout } from '../layout.js';
import { requireReader, sendPage } from '../session.js';
import { GROUPINGS } from './model.js';
import { taskTrackerPage } from './page.js';
import type { NotMetSource } from './units.js';

const Params = Type.Object({ countyCode: CountyCode }, { additionalProperties: false });

const Query = Type.Object(
  {
    asOf: Type.Optional(Type.String({ format: 'date', description: 'the day overdue is decided for, as in the API (default: today in China)' })),
    group: Type.Optional(Type.Enum(GROUPINGS, { description: 'year: a table per deadline year (default); status: one table grouped by status' })),
  },
  { additionalProperties: false },
);

/** The page shows the whole plan, never a page of it. */
const EVERY_ROW = { limit: Number.MAX_SAFE_INTEGER, offset: 0 };

/** The latest year's verdicts, or why there are none: a scorecard that cannot be made leaves the rest of the page standing. */
async function notMetOf(db: Queryable, countyCode: string, year: number | null): Promise<NotMetSource> {
  if (year === null) return { kind: 'no-data' };
  try {
    const card = await scorecard(db, countyCode, year);
    return {
      kind: 'scorecard',
      year,
      notMet: card.indicators.filter((i) => i.status === 'not_met').map((i) => ({ id: i.id, text: i.text, standard: standardWords(i) })),
      notAssessable: card.summary.notAssessable,
    };
  } catch (error) {
    if (error instanceof ServiceError) return { kind: 'unavailable', year, reason: error.message };
    throw error;
  }
}

export const taskTrackerPages: FastifyPluginAsyncTypebox<{ database: Database }> = async (app, opts) => {
  const { db } = opts.database;
  app.get('/reports/counties/:countyCode/tasks', { schema: { hide: true, params: Params, querystring: Query } }, async (request, reply) => {
    const viewer = requireReader(request);
    const { countyCode } = request.params;
    const { asOf, group = 'year' } = request.query;
    assertCountyVisible(request, countyCode, `county ${countyCode}`);
    const tasks = await listTasks(db, countyCode, { asOf, ...EVERY_ROW });
    // The API answers an empty list for a recorded county without a plan; a page about that plan does not exist.
    if (tasks.source === null) throw new ServiceError(404, 'not-found', 'Not Found', `县 ${countyCode} 没有随服务发布的规划实施方案，因此没有任务清单`);
    const [units, county] = await Promise.all([responsibleUnits(db, countyCode, { asOf: tasks.asOf, ...EVERY_ROW }), countyWithYears(db, countyCode)]);
    const reportYear = county?.years.at(-1) ?? null;
    const notMet = await notMetOf(db, countyCode, reportYear);
    const page = taskTrackerPage({ countyName: county?.name ?? null, tasks, units, notMet, grouping: group, asOfGiven: asOf, reportYear });
    return sendPage(reply, layout({ viewer, ...page }));
  });
};
