import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import type { Database } from '../db/connection.js';
import { assertCountyVisible, contextOf } from '../plugins/auth.js';
import { Page, problemResponses } from '../schemas/common.js';
import {
  CountyYearKey,
  CountyYearPolicy,
  PolicyAssignmentBody,
  PolicyBody,
  PolicyListQuery,
  PolicyParams,
  PolicyRecord,
} from '../schemas/policies.js';
import { assignPolicy, countyYearPolicy, createPolicy, policyById, policyList } from '../services/funding/policies-admin.js';

const TAG = 'funding';

export async function policyRoutes(app: FastifyInstance, opts: { database: Database }) {
  const { db } = opts.database;

  app.get(
    '/policies',
    {
      config: { scope: 'read' },
      schema: {
        tags: [TAG],
        summary: 'Policy profiles: the shipped ones (national-2017, guangdong-2018, jiaoling-2023), then custom ones by id',
        description: 'Funding rates are integer fen with the clause they come from (`{ "fen": 115000, "clause": … }` is 1150 yuan).',
        querystring: PolicyListQuery,
        response: { 200: Page(PolicyRecord), ...problemResponses(400, 503) },
      },
    },
    async (request) => policyList(db, request.query as Static<typeof PolicyListQuery>),
  );

  app.get(
    '/policies/:policyId',
    {
      config: { scope: 'read' },
      schema: {
        tags: [TAG],
        summary: 'One policy profile',
        params: PolicyParams,
        response: { 200: PolicyRecord, ...problemResponses(400, 404, 503) },
      },
    },
    async (request) => policyById(db, (request.params as Static<typeof PolicyParams>).policyId),
  );

  app.post(
    '/policies',
    {
      config: { scope: 'write' },
      schema: {
        tags: [TAG],
        summary: 'Add a custom policy profile (write scope)',
        description:
          'The body is a whole profile. Schema problems are 400 and cross-field problems of the funding rules (tier bands) are 422, ' +
          'each with every problem at once; a shipped or existing id is 409. Profiles are immutable: there is no update or delete, ' +
          'so a profile a run used never changes.',
        body: PolicyBody,
        response: { 201: PolicyRecord, ...problemResponses(400, 409, 422, 503) },
      },
    },
    async (request, reply) => {
      const created = await createPolicy(opts.database.db, request.body, contextOf(request));
      reply.header('location', `/v1/policies/${created.id}`);
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/counties/:countyCode/years/:year/policy',
    {
      config: { scope: 'read' },
      schema: {
        tags: [TAG],
        summary: 'The policy profile that applies to a county-year, and whether it is assigned or the default',
        params: CountyYearKey,
        response: { 200: CountyYearPolicy, ...problemResponses(400, 404, 503) },
      },
    },
    async (request) => {
      const { countyCode, year } = request.params as Static<typeof CountyYearKey>;
      assertCountyVisible(request, countyCode, `county ${countyCode}`);
      return countyYearPolicy(db, countyCode, year);
    },
  );

  app.put(
    '/counties/:countyCode/years/:year/policy',
    {
      config: { scope: 'write' },
      schema: {
        tags: [TAG],
        summary: 'Assign a policy profile to a county-year (write scope)',
        description:
          'Without an assignment a county-year uses the default: jiaoling-2023 for 441427, national-2017 elsewhere. ' +
          '201 when first assigned, 200 when changed or unchanged; an unknown county is 404, an unknown policy 422. ' +
          'Runs keep the profile they froze, so reassigning never changes a run.',
        params: CountyYearKey,
        body: PolicyAssignmentBody,
        response: { 200: CountyYearPolicy, 201: CountyYearPolicy, ...problemResponses(400, 404, 422, 503) },
      },
    },
    async (request, reply) => {
      const { countyCode, year } = request.params as Static<typeof CountyYearKey>;
      assertCountyVisible(request, countyCode, `county ${countyCode}`);
      const { policyId } = request.body as Static<typeof PolicyAssignmentBody>;
      const { answer, created } = await assignPolicy(opts.database.db, countyCode, year, policyId, contextOf(request));
      return reply.status(created ? 201 : 200).send(answer);
    },
  );
}
