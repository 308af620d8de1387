import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../db/connection.js';
import { CountyFacts, CountyFactsBody, CountyFactsKey } from '../schemas/county-facts.js';
import { County, CountyBody, CountyKey, CountyListQuery, Town, TownBody, TownKey, TownListQuery } from '../schemas/reference.js';
import { countyCollection, countyFactsCollection, townCollection } from '../services/reference/index.js';
import { countyListFilter, townListFilter } from '../services/reference/list-filters.js';
import { answerList, listOptions } from './list-route.js';
import { recordRoutes } from './record-routes.js';

const TAG = 'reference data';

export const geographyRoutes: FastifyPluginAsyncTypebox<{ database: Database }> = async (app, opts) => {
  const { database } = opts;
  recordRoutes(app, { database, path: '/counties/:countyCode', tag: TAG, noun: 'county', collection: countyCollection, params: CountyKey, body: CountyBody, record: County });
  const countyList = { database, collection: countyCollection, record: County };
  app.get('/counties', listOptions({ tag: TAG, summary: 'List counties', query: CountyListQuery, record: County }), (request, reply) =>
    answerList(request, reply, countyList, countyListFilter(request.query)),
  );

  recordRoutes(app, { database, path: '/towns/:townCode', tag: TAG, noun: 'town', collection: townCollection, params: TownKey, body: TownBody, record: Town });
  const townList = { database, collection: townCollection, record: Town };
  app.get('/towns', listOptions({ tag: TAG, summary: 'List towns (乡镇)', query: TownListQuery, record: Town }), (request, reply) =>
    answerList(request, reply, townList, townListFilter(request.query)),
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
