import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { Database, Queryable } from '../db/connection.js';
import { assertCountyVisible, contextOf } from '../plugins/auth.js';
import { NoQuery, Page, jsonCsvOrXlsx, jsonOrCsv, problemResponses } from '../schemas/common.js';
import {
  CountyCompliance,
  CountyEntitlementQuery,
  CountyEntitlements,
  CreateRunBody,
  EntitlementQuery,
  IdempotencyHeaders,
  RunDetail,
  RunLine,
  RunLinesQuery,
  RunListQuery,
  RunDiff,
  RunDiffParams,
  RunDiffQuery,
  RunParams,
  RunSummary,
  SchoolEntitlement,
  Verification,
} from '../schemas/funding.js';
import { CountyYearKey } from '../schemas/policies.js';
import { SchoolYearKey } from '../schemas/reference.js';
import { COMPLIANCE_CSV_COLUMNS, complianceCsvRows, countyCompliance } from '../services/funding/compliance.js';
import {
  ENTITLEMENT_CSV_COLUMNS,
  countyEntitlements,
  entitlementCsvRows,
  schoolEntitlement,
  schoolEntitlementCsvRows,
} from '../services/funding/entitlements.js';
import { RUN_DIFF_CSV_COLUMNS, diffRuns, runDiffCsvRows, verifyRunById } from '../services/funding/run-comparison.js';
import { RUN_LINE_CSV_COLUMNS, createRun, getRun, listRuns, runLines, runLinesForCsv } from '../services/funding/runs.js';
import { ServiceError } from '../services/errors.js';
import { keyTag } from '../plugins/conditional.js';
import { countyYearDataVersion } from '../services/data-versions.js';
import { sendCsv, wantsCsv } from './csv.js';
import { representationOf, schoolYearVersion, tagged, versioned } from './etag.js';
import { sendXlsx, wantsXlsx } from './xlsx.js';
import { entitlementSheets } from './xlsx-sheets.js';

const TAG = 'funding';

/** A comparison that failed on the server is answered as a problem; its cause goes to the log. */
async function logFailure<T>(request: FastifyRequest, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof ServiceError && err.status >= 500) request.log.error({ err: err.cause ?? err }, err.message);
    throw err;
  }
}

const csvNote = ' Answers `text/csv` (UTF-8 with BOM, header row) for `?format=csv` or `Accept: text/csv`.';

export const fundingRoutes: FastifyPluginAsyncTypebox<{ database: Database }> = async (app, opts) => {
  const { db } = opts.database;
  const schoolVisible = (request: FastifyRequest, schoolCode: string) => (countyCode: string) =>
    assertCountyVisible(request, countyCode, `school ${schoolCode}`);
  const runVisible = (request: FastifyRequest, runId: string) => (countyCode: string) =>
    assertCountyVisible(request, countyCode, `funding run ${runId}`);

  app.get(
    '/schools/:schoolCode/years/:year/entitlement',
    {
      config: { scope: 'read', computed: true },
      schema: {
        tags: [TAG],
        summary: "A school-year's funding entitlement, component by component",
        description:
          'Every component carries its quantity, rate, amount, the policy clause applied (`rule`) and a one-line `explanation`. ' +
          "The policy is the county-year's (assigned or default) unless `policyId` asks for another (what-if). " +
          'A school without classes that year has no students and answers 404 naming what is missing.' +
          csvNote +
          ' (one row per component)',
        params: SchoolYearKey,
        querystring: EntitlementQuery,
        response: { ...jsonOrCsv(SchoolEntitlement, 'one row per component'), ...problemResponses(400, 404, 422, 503) },
      },
    },
    async (request, reply) => {
      const { schoolCode, year } = request.params;
      const query = request.query;
      const visible = schoolVisible(request, schoolCode);
      const compute = (db: Queryable) => schoolEntitlement(db, schoolCode, year, { policyId: query.policyId }, visible);
      return versioned(request, reply, (db) => schoolYearVersion(db, schoolCode, year, visible), compute, (answer) => {
        if (wantsCsv(request)) return sendCsv(reply, ENTITLEMENT_CSV_COLUMNS, schoolEntitlementCsvRows(answer), `entitlement-${schoolCode}-${year}`);
        return answer;
      });
    },
  );

  app.get(
    '/counties/:countyCode/years/:year/entitlements',
    {
      config: { scope: 'read', computed: true },
      schema: {
        tags: [TAG],
        summary: "Every school's entitlement in a county-year, with the county totals",
        description:
          'Schools with at least one class that year take part; `withoutClasses` lists schools with a school-year record but no classes. ' +
          '`totals.totalYuan` is the sum of every component line, to the fen.' +
          csvNote +
          ' (one row per school-component, then a `total` row with the county total).' +
          ' `?format=xlsx` answers an Excel workbook: the same lines, the totals per component and the schools without classes.',
        params: CountyYearKey,
        querystring: CountyEntitlementQuery,
        response: {
          ...jsonCsvOrXlsx(
            CountyEntitlements,
            'one row per school and component, then the county total',
            'sheets lines (the CSV), totals (per component, then the county total) and withoutClasses',
          ),
          ...problemResponses(400, 404, 422, 503),
        },
      },
    },
    async (request, reply) => {
      const { countyCode, year } = request.params;
      assertCountyVisible(request, countyCode, `county ${countyCode}`);
      const query = request.query;
      const compute = (db: Queryable) => countyEntitlements(db, countyCode, year, { policyId: query.policyId });
      return versioned(request, reply, (db) => countyYearDataVersion(db, countyCode, year), compute, (answer) => {
        const filename = `entitlements-${countyCode}-${year}`;
        if (wantsXlsx(request)) return sendXlsx(reply, entitlementSheets(answer), filename);
        if (wantsCsv(request)) return sendCsv(reply, ENTITLEMENT_CSV_COLUMNS, entitlementCsvRows(answer), filename);
        return answer;
      });
    },
  );

  app.get(
    '/counties/:countyCode/years/:year/funding-compliance',
    {
      config: { scope: 'read', computed: true },
      schema: {
        tags: [TAG],
        summary: 'Funding compliance for auditors: allocation vs entitlement (shortfall), B13, B14, B26',
        description:
          'Per school: entitlement, declared allocation, shortfall and the checks that apply (met / not_met / not_assessable with the missing inputs). ' +
          'County: totals (shortfalls are not offset by surpluses) and a verdict per check.' +
          csvNote +
          ' (one row per school)',
        params: CountyYearKey,
        querystring: EntitlementQuery,
        response: { ...jsonOrCsv(CountyCompliance, 'one row per school'), ...problemResponses(400, 404, 422, 503) },
      },
    },
    async (request, reply) => {
      const { countyCode, year } = request.params;
      assertCountyVisible(request, countyCode, `county ${countyCode}`);
      const query = request.query;
      const compute = (db: Queryable) => countyCompliance(db, countyCode, year, { policyId: query.policyId });
      return versioned(request, reply, (db) => countyYearDataVersion(db, countyCode, year), compute, (answer) => {
        if (wantsCsv(request)) return sendCsv(reply, COMPLIANCE_CSV_COLUMNS, complianceCsvRows(answer), `funding-compliance-${countyCode}-${year}`);
        return answer;
      });
    },
  );

  app.post(
    '/counties/:countyCode/years/:year/funding-runs',
    {
      config: { scope: 'funding:run' },
      // The body is optional: no body means `{}` (freeze under the county-year's own policy).
      preValidation: async (request) => {
        if (request.body === undefined || request.body === null) request.body = {};
      },
      schema: {
        tags: [TAG],
        summary: 'Freeze a county-year funding calculation (a run)',
        description:
          'Stores the normalized inputs of every school, the whole policy profile, the engine version, the results and lines, ' +
          'who and when, and `inputsHash` = sha256 of the canonical JSON of { inputs, policy }. Runs are immutable. ' +
          'With `Idempotency-Key`, the same key from the same caller answers the first run with 200 (and `Idempotent-Replayed: true`); ' +
          'the same key with another county, year or policy is 409.',
        params: CountyYearKey,
        headers: IdempotencyHeaders,
        body: CreateRunBody,
        response: { 200: RunSummary, 201: RunSummary, ...problemResponses(400, 404, 409, 422, 503) },
      },
    },
    async (request, reply) => {
      const { countyCode, year } = request.params;
      assertCountyVisible(request, countyCode, `county ${countyCode}`);
      const key = request.headers['idempotency-key'];
      // preValidation made a missing body `{}`, which the schema then checked.
      const { run, replayed } = await createRun(opts.database.db, countyCode, year, request.body, contextOf(request), key);
      if (replayed) reply.header('idempotent-replayed', 'true');
      reply.header('location', `/v1/funding-runs/${run.runId}`);
      return reply.status(replayed ? 200 : 201).send(run);
    },
  );

  app.get(
    '/counties/:countyCode/years/:year/funding-runs',
    {
      config: { scope: 'read' },
      schema: {
        tags: [TAG],
        summary: 'List the runs of a county-year, newest first',
        params: CountyYearKey,
        querystring: RunListQuery,
        response: { 200: Page(RunSummary), ...problemResponses(400, 404, 503) },
      },
    },
    async (request) => {
      const { countyCode, year } = request.params;
      assertCountyVisible(request, countyCode, `county ${countyCode}`);
      const query = request.query;
      return listRuns(db, countyCode, year, query);
    },
  );

  app.get(
    '/funding-runs/:runId',
    {
      config: { scope: 'read' },
      schema: {
        tags: [TAG],
        summary: 'A frozen run: metadata, hashes, totals, compliance verdicts and its snapshot (policy and inputs)',
        description: 'There is no PUT, PATCH or DELETE on runs; the database also refuses any UPDATE or DELETE of a run or its lines.',
        params: RunParams,
        querystring: NoQuery,
        response: { 200: RunDetail, ...problemResponses(400, 404, 503) },
      },
    },
    async (request, reply) => {
      const { runId } = request.params;
      const run = await getRun(db, runId, runVisible(request, runId));
      // a run never changes (the database refuses UPDATE and DELETE): its id names its content
      return tagged(request, reply, keyTag({ run: runId }), () => run);
    },
  );

  app.get(
    '/funding-runs/:runId/lines',
    {
      config: { scope: 'read' },
      schema: {
        tags: [TAG],
        summary: "A run's per-school component lines",
        description:
          'JSON pages `{ items, total, limit, offset }` in school order, then component order. ' +
          'CSV (`?format=csv` or `Accept: text/csv`) streams every line of the run (the schoolCode filter applies, paging does not), UTF-8 with BOM and a header row.',
        params: RunParams,
        querystring: RunLinesQuery,
        response: { ...jsonOrCsv(Page(RunLine), 'every line of the run (the schoolCode filter applies, paging does not)'), ...problemResponses(400, 404, 503) },
      },
    },
    async (request, reply) => {
      const { runId } = request.params;
      const query = request.query;
      // frozen lines: the run, the query and the representation name the answer
      const tag = keyTag({ runLines: runId, query: { ...query }, representation: representationOf(request) });
      if (wantsCsv(request)) {
        // the run is checked (404) before the rows are read; a 304 reads none of them
        const rows = await runLinesForCsv(db, runId, query.schoolCode, runVisible(request, runId));
        return tagged(request, reply, tag, () => sendCsv(reply, RUN_LINE_CSV_COLUMNS, rows, `funding-run-${runId}-lines`));
      }
      const page = await runLines(db, runId, query, runVisible(request, runId));
      return tagged(request, reply, tag, () => page);
    },
  );

  app.post(
    '/funding-runs/:runId/verify',
    {
      config: { scope: 'read' },
      schema: {
        tags: [TAG],
        summary: 'Recompute a run from its own snapshot and report drift of the live data, with its money effect',
        description:
          '`reproducible`: recomputing the frozen snapshot with the current engine gives the frozen inputsHash and resultsHash. ' +
          '`drift`: schools whose live inputs differ from the frozen ones now: the changed fields (or added / removed), each with its frozen ' +
          "and live value, and the school's frozen total against its live inputs computed under the run's own policy. `money` gives the same " +
          'in total and per component; `liveInputsHash` is what a run under the same profile would hash to now. ' +
          'A run whose stored snapshot or lines this engine cannot read or recompute is 409 (`run-not-comparable`); a failure while ' +
          'reading or comparing the live data is 500 (`comparison-failed`) or 503: an answer never claims "no drift" that was not checked. ' +
          'Nothing is written.',
        params: RunParams,
        response: { 200: Verification, ...problemResponses(400, 404, 409, 500, 503) },
      },
    },
    async (request) => {
      const { runId } = request.params;
      return logFailure(request, () => verifyRunById(db, runId, runVisible(request, runId)));
    },
  );

  app.get(
    '/funding-runs/:runId/diff/:otherRunId',
    {
      config: { scope: 'read' },
      schema: {
        tags: [TAG],
        summary: 'Compare two frozen runs: schools added, removed or changed, component amounts and totals',
        description:
          'Any two runs (same or different county, year or policy); `from` is the first id, `to` the second, differences are to − from in yuan. ' +
          'Per school that differs: `change` (added / removed / changed), the input fields with both values, both totals and every ' +
          'component with quantity, rate and amount on each side. Both runs\' hashes, policies and engine versions are in `from` and `to`. ' +
          'A run of a county the caller may not see is 404, like an unknown run; a run whose stored data cannot be read is 409.' +
          csvNote +
          ' (one row per school and component that differ)',
        params: RunDiffParams,
        querystring: RunDiffQuery,
        response: { ...jsonOrCsv(RunDiff, 'one row per school and component that differ'), ...problemResponses(400, 404, 409, 500, 503) },
      },
    },
    async (request, reply) => {
      const { runId, otherRunId } = request.params;
      const answer = await logFailure(request, () => diffRuns(db, runId, otherRunId, (id) => runVisible(request, id)));
      const tag = keyTag({ runDiff: [runId, otherRunId], query: { ...request.query }, representation: representationOf(request) });
      return tagged(request, reply, tag, () => {
        if (wantsCsv(request)) return sendCsv(reply, RUN_DIFF_CSV_COLUMNS, runDiffCsvRows(answer), `funding-runs-${runId}-diff-${otherRunId}`);
        return answer;
      });
    },
  );

};
