import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../db/connection.js';
import { NoQuery, problemResponses } from '../schemas/common.js';
import { CountyFacts, CountyFactsBody, CountyFactsKey } from '../schemas/county-facts.js';
import {
  County,
  CountyBody,
  CountyKey,
  CountyListQuery,
  Division,
  DivisionKey,
  Town,
  TownBody,
  TownKey,
  TownListQuery,
} from '../schemas/reference.js';
import { divisions } from '../services/divisions.js';
import { notFound } from '../services/errors.js';
import { countyCollection, countyFactsCollection, townCollection } from '../services/reference/index.js';
import { countyListFilter, townListFilter } from '../services/reference/list-filters.js';
import { answerList, listOptions } from './list-route.js';
import { recordRoutes } from './record-routes.js';

const TAG = 'reference data';

export const geographyRoutes: FastifyPluginAsyncTypebox<{ database: Database; localDivisionCodes?: boolean }> = async (app, opts) => {
  const { database, localDivisionCodes } = opts;
  // Read here rather than on the first write, so a missing or damaged data file stops the service at start.
  const data = divisions();

  recordRoutes(app, {
    database,
    path: '/counties/:countyCode',
    tag: TAG,
    noun: 'county',
    collection: countyCollection,
    params: CountyKey,
    body: CountyBody,
    record: County,
    localDivisionCodes,
    putNote:
      'The code must be in the division data (docs/divisions.md) unless the service allows local codes (LOCAL_DIVISION_CODES): ' +
      'name, city and province left out are taken from it, a city or province that disagrees with it is refused, and a county ' +
      'created from it comes with its towns.',
  });
  const countyList = { database, collection: countyCollection, record: County };
  app.get('/counties', listOptions({ tag: TAG, summary: 'List counties', query: CountyListQuery, record: County }), (request, reply) =>
    answerList(request, reply, countyList, countyListFilter(request.query)),
  );

  recordRoutes(app, {
    database,
    path: '/towns/:townCode',
    tag: TAG,
    noun: 'town',
    collection: townCollection,
    params: TownKey,
    body: TownBody,
    record: Town,
    localDivisionCodes,
    putNote: 'The code must be in the division data unless the service allows local codes (LOCAL_DIVISION_CODES).',
  });
  const townList = { database, collection: townCollection, record: Town };
  app.get('/towns', listOptions({ tag: TAG, summary: 'List towns (乡镇)', query: TownListQuery, record: Town }), (request, reply) =>
    answerList(request, reply, townList, townListFilter(request.query)),
  );

  // Public reference data, not a county's records: any key with the read scope may look any code up.
  app.get(
    '/divisions/:divisionCode',
    {
      config: { scope: 'read' },
      schema: {
        tags: [TAG],
        summary: 'Look up an administrative division (province, city, county or town) by code',
        description: 'Its name and level and the divisions it belongs to, from the division data shipped with the service (docs/divisions.md).',
        params: DivisionKey,
        querystring: NoQuery,
        response: { 200: Division, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const found = data.find(request.params.divisionCode);
      if (!found) throw notFound(`division ${request.params.divisionCode}`);
      const { package: pkg, version, asOf } = data.source;
      return { ...found, parents: data.parentsOf(found), source: { package: pkg, version, asOf } };
    },
  );

  recordRoutes(app, {
    database,
    path: '/counties/:countyCode/years/:year/facts',
    tag: TAG,
    noun: 'county-year facts record (docs/domain.md §6 inputs)',
    collection: countyFactsCollection,
    params: CountyFactsKey,
    body: CountyFactsBody,
    record: CountyFacts,
  });
};
