import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../db/connection.js';
import { assertCountyVisible, contextOf } from '../plugins/auth.js';
import { NoQuery, Page, problemResponses } from '../schemas/common.js';
import {
  CountyYearKey,
  CountyYearPolicy,
  PolicyAssignmentBody,
  PolicyBody,
  PolicyListQuery,
  PolicyParams,
  PolicyQuery,
  PolicyRecord,
} from '../schemas/policies.js';
import { roundTripBody } from '../schemas/round-trip.js';
import { contentTag, IfMatchHeaders, ifMatch } from '../plugins/conditional.js';
import { tagged } from './etag.js';
import { keyMismatches, rejectInvalid, writableOf } from './round-trip.js';
import { assignPolicy, countyYearPolicy, createPolicy, policyById, policyList } from '../services/funding/policies-admin.js';

const TAG = 'policies';

export const policyRoutes: FastifyPluginAsyncTypebox<{ database: Database }> = async (app, opts) => {
  const { db } = opts.database;

  app.get(
    '/policies',
    {
      config: { scope: 'read' },
      schema: {
        tags: [TAG],
        summary: 'Policy profiles: those of the policy files (by first school year, then id), then custom ones by id',
        description:
          'Each profile with its dated parameters (unit, reference, values from a date) and its values resolved for the last ' +
          'school year in which one of them changes. Funding rates are integer fen with the clause they come from ' +
          '(`{ "fen": 115000, "clause": … }` is 1150 yuan).',
        querystring: PolicyListQuery,
        response: { 200: Page(PolicyRecord), ...problemResponses(400, 503) },
      },
    },
    async (request) => policyList(db, request.query),
  );

  app.get(
    '/policies/:policyId',
    {
      config: { scope: 'read' },
      schema: {
        tags: [TAG],
        summary: 'One policy profile, resolved for a school year',
        description:
          'School year Y is resolved at Y-09-01: each parameter takes its last value dated on or before that day. ' +
          'A year before the profile\'s first school year (validFrom) is 422.',
        params: PolicyParams,
        querystring: PolicyQuery,
        response: { 200: PolicyRecord, ...problemResponses(400, 404, 422, 503) },
      },
    },
    async (request) =>
      policyById(db, request.params.policyId, request.query.year),
  );

  app.post(
    '/policies',
    {
      config: { scope: 'write' },
      schema: {
        tags: [TAG],
        summary: 'Add a custom policy profile (write scope)',
        description:
          'The body is a profile in the dated form (`parameters`, optionally `extends`) or the plain form (`indicators` and `funding`, ' +
          'in force from `validFrom`); either way it is stored in the dated form. Schema problems are 400; content problems (a missing ' +
          'parameter, dates out of order, a value missing for validFrom, tier bands, a B13/B14/B26 standard that contradicts its funding ' +
          'rule) are 422, each with every problem at once; a policy file\'s or an existing id is 409. Profiles are immutable: there is no ' +
          'update or delete, so a profile a run used never changes.',
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
        querystring: NoQuery,
        response: { 200: CountyYearPolicy, ...problemResponses(400, 404, 503) },
      },
    },
    async (request, reply) => {
      const { countyCode, year } = request.params;
      assertCountyVisible(request, countyCode, `county ${countyCode}`);
      const answer = await countyYearPolicy(db, countyCode, year);
      return tagged(request, reply, contentTag(answer), () => answer);
    },
  );

  app.put(
    '/counties/:countyCode/years/:year/policy',
    {
      config: { scope: 'write' },
      // Schema problems and a countyCode or year that disagrees with the path are reported together.
      attachValidation: true,
      schema: {
        tags: [TAG],
        summary: 'Assign a policy profile to a county-year (write scope)',
        description:
          'Without an assignment a county-year uses its default from policies/defaults.json (shipped: jiaoling-2023 for 441427, ' +
          'national-2017 elsewhere). 201 when first assigned, 200 when changed or unchanged; an unknown county is 404, an unknown ' +
          'policy or one not in force that school year 422. ' +
          'Runs keep the profile they froze, so reassigning never changes a run. The body may be what GET answered: ' +
          'countyCode and year, when sent, must equal the path; source, defaultPolicyId and updatedAt are read-only and ignored ' +
          '(so sending back a default answer assigns that profile explicitly).',
        params: CountyYearKey,
        headers: IfMatchHeaders,
        body: roundTripBody(PolicyAssignmentBody, CountyYearPolicy, ['countyCode', 'year']),
        response: { 200: CountyYearPolicy, 201: CountyYearPolicy, ...problemResponses(400, 404, 422, 503) },
      },
    },
    async (request, reply) => {
      const { params } = request;
      rejectInvalid(request, keyMismatches(['countyCode', 'year'], params, request.body));
      const { countyCode, year } = params;
      assertCountyVisible(request, countyCode, `county ${countyCode}`);
      const { policyId } = writableOf(request.body, PolicyAssignmentBody);
      const precondition = ifMatch(request, `the policy assignment of county ${countyCode} in ${year}`);
      const { answer, created } = await assignPolicy(opts.database.db, countyCode, year, policyId, contextOf(request), precondition);
      return reply.status(created ? 201 : 200).header('etag', contentTag(answer)).send(answer);
    },
  );
};
