import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../db/connection.js';
import { assertCountyVisible } from '../plugins/auth.js';
import { jsonOrCsv, problemResponses } from '../schemas/common.js';
import { PlanBody, PlanParams, PlanPostQuery, PlanQuery, RemediationPlan, type RemediationPlanT } from '../schemas/planning.js';
import { PLAN_CSV_COLUMNS, planCsvRows, remediationPlan } from '../services/planning/remediation.js';
import { sendCsv, wantsCsv } from './csv.js';

const TAG = 'planning';

const DESCRIPTION =
  'Read-only: nothing is written. Per assessed unit the least-cost of its options (every B1–B7 indicator to standard, or ' +
  'one left at its 85% floor), then the dispersion step for every cv still over its limit, B10 rooms, B12 class splits and ' +
  'B11 relocations. Each action names the indicators it serves and why; `after` is the engines\' verdict on the inputs with ' +
  'every action applied, and always passes. Unit costs are the policy\'s `remediationCosts` (stated assumptions, docs/planning.md). ' +
  '422 when an input the plan needs is not recorded (every one listed). CSV: one row per action.';

/** GET and POST /v1/counties/{countyCode}/years/{year}/remediation-plan */
export const remediationPlanRoutes: FastifyPluginAsyncTypebox<{ database: Database }> = async (app, opts) => {
  const { db } = opts.database;

  const answer = (csv: boolean, reply: Parameters<typeof sendCsv>[0], plan: RemediationPlanT, countyCode: string, year: number) =>
    csv ? sendCsv(reply, PLAN_CSV_COLUMNS, planCsvRows(plan), `remediation-plan-${countyCode}-${year}`) : plan;

  app.get(
    '/counties/:countyCode/years/:year/remediation-plan',
    {
      config: { scope: 'read' },
      schema: {
        tags: [TAG],
        summary: 'The least-cost plan to pass B1–B7, B10, B11 and B12, with the verdict after it',
        description: DESCRIPTION,
        params: PlanParams,
        querystring: PlanQuery,
        response: { ...jsonOrCsv(RemediationPlan, 'one row per action'), ...problemResponses(400, 404, 422, 503) },
      },
    },
    async (request, reply) => {
      const { countyCode, year } = request.params;
      assertCountyVisible(request, countyCode, `county ${countyCode}`);
      const plan = await remediationPlan(db, countyCode, year, { stage: request.query.stage, policyId: request.query.policyId });
      return answer(wantsCsv(request), reply, plan, countyCode, year);
    },
  );

  app.post(
    '/counties/:countyCode/years/:year/remediation-plan',
    {
      config: { scope: 'read' },
      schema: {
        tags: [TAG],
        summary: 'The remediation plan with unit costs of the request',
        description: `${DESCRIPTION} The body's \`costs\` (yuan per unit) replace the policy's for this plan only.`,
        params: PlanParams,
        querystring: PlanPostQuery,
        body: PlanBody,
        response: { ...jsonOrCsv(RemediationPlan, 'one row per action'), ...problemResponses(400, 404, 422, 503) },
      },
    },
    async (request, reply) => {
      const { countyCode, year } = request.params;
      assertCountyVisible(request, countyCode, `county ${countyCode}`);
      const body = request.body;
      const plan = await remediationPlan(db, countyCode, year, { stage: body.stage, policyId: body.policyId, costs: body.costs });
      return answer(wantsCsv(request), reply, plan, countyCode, year);
    },
  );
};
