import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../db/connection.js';
import { assertCountyVisible, contextOf } from '../plugins/auth.js';
import { jsonOrCsv, problemResponses } from '../schemas/common.js';
import { roundTripBody } from '../schemas/round-trip.js';
import {
  Task,
  TaskPage,
  TaskParams,
  TaskProgressBody,
  TaskQuery,
  TasksParams,
  TasksQuery,
  UnitPage,
  UnitsQuery,
} from '../schemas/tasks.js';
import { TASK_CSV_COLUMNS, getTask, listTasks, putTaskProgress, taskCsvRows } from '../services/tasks/tasks.js';
import { UNIT_CSV_COLUMNS, responsibleUnits, unitCsvRows } from '../services/tasks/units.js';
import { contentTag, IfMatchHeaders, ifMatch } from '../plugins/conditional.js';
import { sendCsv, wantsCsv } from './csv.js';
import { representationOf, tagged } from './etag.js';
import { keyMismatches, rejectInvalid, writableOf } from './round-trip.js';

const TAG = 'tasks';

const TASK_NOTE =
  'The tasks are the county plan\'s table of annual tasks, shipped with the service (docs/tasks.md); a county without a shipped plan ' +
  'has none. `overdue` is derived for the day `asOf` (default: today in China Standard Time): not done, and that day is after ' +
  'the deadline (the deadline day itself is on time); a task without a deadline (持续推进) is never overdue.';

const KEY_FIELDS = ['countyCode', 'taskId'];

/** /v1/counties/{countyCode}/tasks[/{taskId}] and /v1/counties/{countyCode}/responsible-units */
export const taskRoutes: FastifyPluginAsyncTypebox<{ database: Database }> = async (app, opts) => {
  const { db } = opts.database;

  app.get(
    '/counties/:countyCode/tasks',
    {
      config: { scope: 'read' },
      schema: {
        tags: [TAG],
        summary: 'The county plan\'s tasks with their progress, filtered by status, overdue, indicator or responsible unit',
        description: `${TASK_NOTE} 404 for a county that is neither recorded nor has a plan; 422 for a \`responsibleUnit\` the plan does not have. CSV: one row per task.`,
        params: TasksParams,
        querystring: TasksQuery,
        response: { ...jsonOrCsv(TaskPage, 'one row per task'), ...problemResponses(400, 404, 422, 503) },
      },
    },
    async (request, reply) => {
      const { countyCode } = request.params;
      assertCountyVisible(request, countyCode, `county ${countyCode}`);
      const page = await listTasks(db, countyCode, request.query);
      return tagged(request, reply, contentTag(page, representationOf(request)), () => {
        if (wantsCsv(request)) return sendCsv(reply, TASK_CSV_COLUMNS, taskCsvRows(page), `tasks-${countyCode}`);
        return page;
      });
    },
  );

  app.get(
    '/counties/:countyCode/tasks/:taskId',
    {
      config: { scope: 'read' },
      schema: {
        tags: [TAG],
        summary: 'One task of the county plan with its progress',
        description: `${TASK_NOTE} 404 for a task the county's plan does not have.`,
        params: TaskParams,
        querystring: TaskQuery,
        response: { 200: Task, ...problemResponses(400, 404, 503) },
      },
    },
    async (request, reply) => {
      const { countyCode, taskId } = request.params;
      assertCountyVisible(request, countyCode, `task ${taskId} of county ${countyCode}`);
      const task = await getTask(db, countyCode, taskId, request.query.asOf);
      return tagged(request, reply, contentTag(task), () => task);
    },
  );

  app.put(
    '/counties/:countyCode/tasks/:taskId',
    {
      config: { scope: 'write' },
      attachValidation: true,
      schema: {
        tags: [TAG],
        summary: 'Record a task\'s progress: status, notes and evidence links',
        description:
          'Replaces the task\'s status, notes and evidence (left out: none), audited in the same transaction; progress equal to ' +
          'what is stored changes nothing. The body may be what GET answered: countyCode and taskId, when sent, must equal ' +
          'the path; the plan\'s text and the derived members are read-only and ignored. Evidence links are http(s) URLs. ' +
          `Answers the task as GET does. ${TASK_NOTE}`,
        params: TaskParams,
        querystring: TaskQuery,
        headers: IfMatchHeaders,
        body: roundTripBody(TaskProgressBody, Task, KEY_FIELDS),
        response: { 200: Task, ...problemResponses(400, 404, 409, 503) },
      },
    },
    async (request, reply) => {
      const { params } = request;
      rejectInvalid(request, keyMismatches(KEY_FIELDS, params, request.body));
      assertCountyVisible(request, params.countyCode, `task ${params.taskId} of county ${params.countyCode}`);
      const progress = writableOf(request.body, TaskProgressBody);
      // the task as answered for this asOf: the tag of a GET with the same asOf
      const precondition = ifMatch(request, `task ${params.taskId} of county ${params.countyCode}`);
      const task = await putTaskProgress(db, params.countyCode, params.taskId, progress, contextOf(request), request.query.asOf, precondition);
      return reply.header('etag', contentTag(task)).send(task);
    },
  );

  app.get(
    '/counties/:countyCode/responsible-units',
    {
      config: { scope: 'read' },
      schema: {
        tags: [TAG],
        summary: 'The county plan\'s responsible units with their duties, the indicators they answer for and their tasks',
        description:
          'Each unit of the plan\'s list of duties (附件2), its paragraph verbatim, the indicators whose responsible units (附件1) ' +
          'name it, and the tasks (附件3) that name it, with their status and `overdue` on `asOf`. `indicator=B5` answers who must ' +
          'act when B5 is not met. A county without a shipped plan has none; 404 for a county that is neither recorded nor has a ' +
          'plan. CSV: one row per unit.',
        params: TasksParams,
        querystring: UnitsQuery,
        response: { ...jsonOrCsv(UnitPage, 'one row per unit'), ...problemResponses(400, 404, 503) },
      },
    },
    async (request, reply) => {
      const { countyCode } = request.params;
      assertCountyVisible(request, countyCode, `county ${countyCode}`);
      const page = await responsibleUnits(db, countyCode, request.query);
      return tagged(request, reply, contentTag(page, representationOf(request)), () => {
        if (wantsCsv(request)) return sendCsv(reply, UNIT_CSV_COLUMNS, unitCsvRows(page), `responsible-units-${countyCode}`);
        return page;
      });
    },
  );
};
