import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database, Queryable } from '../db/connection.js';
import { assertCountyVisible } from '../plugins/auth.js';
import { jsonCsvOrXlsx, problemResponses } from '../schemas/common.js';
import { PlanBody, PlanParams, PlanPostQuery, PlanQuery, RemediationPlan, type RemediationPlanT } from '../schemas/planning.js';
import { PLAN_CSV_COLUMNS, planCsvRows, remediationPlan } from '../services/planning/remediation.js';
import { countyYearDataVersion } from '../services/data-versions.js';
import { sendCsv, wantsCsv } from './csv.js';
import { readFresh } from '../plugins/read-routing.js';
import { versioned } from './etag.js';
import { sendXlsx, wantsXlsx } from './xlsx.js';
import { planSheets } from './xlsx-sheets.js';

const TAG = 'planning';

const DESCRIPTION =
  'Read-only: nothing is written. Per assessed unit the least-cost of its options (every B1–B7 indicator to standard, or ' +
  'one left at its 85% floor), then the dispersion step for every cv still over its limit, B10 rooms, B12 class splits and ' +
  'B11 relocations. Each action names the indicators it serves and why; `after` is the engines\' verdict on the inputs with ' +
  'every action applied, and always passes. Unit costs are the policy\'s `remediationCosts` (stated assumptions, docs/planning.md). ' +
  '422 when an input the plan needs is not recorded (every one listed), or when an amount of the plan is above the ' +
  '9,999,999,999,999.99 yuan a JSON number answers exactly to the fen (`plan-cost-too-large`, every amount named). CSV: one row per action. xlsx: the same actions, ' +
  'a one-row summary (total cost, counts, cost per action, verdict before and after), the cost per school, the option ' +
  'chosen per unit and the dispersion steps.';

const RESPONSE = {
  ...jsonCsvOrXlsx(RemediationPlan, 'one row per action', 'sheets actions (the CSV), summary, schools, units and dispersion'),
  ...problemResponses(400, 404, 422, 503),
};

/** GET and POST /v1/counties/{countyCode}/years/{year}/remediation-plan */
export const remediationPlanRoutes: FastifyPluginAsyncTypebox<{ database: Database }> = async (app) => {
  // both read the database readFresh chooses (src/plugins/read-routing.ts)
  const answer = (request: FastifyRequest, reply: FastifyReply, plan: RemediationPlanT, countyCode: string, year: number) => {
    const filename = `remediation-plan-${countyCode}-${year}`;
    if (wantsXlsx(request)) return sendXlsx(reply, planSheets(plan), filename);
    if (wantsCsv(request)) return sendCsv(reply, PLAN_CSV_COLUMNS, planCsvRows(plan), filename);
    return plan;
  };

  app.get(
    '/counties/:countyCode/years/:year/remediation-plan',
    {
      config: { scope: 'read', computed: true },
      schema: {
        tags: [TAG],
        summary: 'The least-cost plan to pass B1–B7, B10, B11 and B12, with the verdict after it',
        description: DESCRIPTION,
        params: PlanParams,
        querystring: PlanQuery,
        response: RESPONSE,
      },
    },
    async (request, reply) => {
      const { countyCode, year } = request.params;
      assertCountyVisible(request, countyCode, `county ${countyCode}`);
      const compute = (db: Queryable) => remediationPlan(db, countyCode, year, { stage: request.query.stage, policyId: request.query.policyId });
      return versioned(request, reply, (db) => countyYearDataVersion(db, countyCode, year), compute, (plan) => answer(request, reply, plan, countyCode, year));
    },
  );

  app.post(
    '/counties/:countyCode/years/:year/remediation-plan',
    {
      config: { scope: 'read', computed: true },
      schema: {
        tags: [TAG],
        summary: 'The remediation plan with unit costs of the request',
        description: `${DESCRIPTION} The body's \`costs\` (yuan per unit) replace the policy's for this plan only.`,
        params: PlanParams,
        querystring: PlanPostQuery,
        body: PlanBody,
        response: RESPONSE,
      },
    },
    async (request, reply) => {
      const { countyCode, year } = request.params;
      assertCountyVisible(request, countyCode, `county ${countyCode}`);
      const body = request.body;
      const plan = await readFresh(request, reply, (db) => remediationPlan(db, countyCode, year, { stage: body.stage, policyId: body.policyId, costs: body.costs }));
      return answer(request, reply, plan, countyCode, year);
    },
  );
};
