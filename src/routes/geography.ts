import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import type { Database } from '../db/connection.js';
import { counties, towns } from '../db/schema/index.js';
import { CountyFacts, CountyFactsBody, CountyFactsKey } from '../schemas/county-facts.js';
import { County, CountyBody, CountyKey, CountyListQuery, Town, TownBody, TownKey, TownListQuery } from '../schemas/reference.js';
import { countyCollection, countyFactsCollection, townCollection } from '../services/reference/index.js';
import { listRoute } from './list-route.js';
import { recordRoutes } from './record-routes.js';

const TAG = 'reference data';

export async function geographyRoutes(app: FastifyInstance, opts: { database: Database }) {
  const { database } = opts;
  recordRoutes(app, { database, path: '/counties/:countyCode', tag: TAG, noun: 'county', collection: countyCollection, params: CountyKey, body: CountyBody, record: County });
  listRoute<unknown, Static<typeof CountyListQuery>>(app, {
    database,
    path: '/counties',
    tag: TAG,
    summary: 'List counties',
    collection: countyCollection,
    query: CountyListQuery,
    record: County,
    where: (q) =>
      and(
        q.provinceCode ? eq(counties.provinceCode, q.provinceCode) : undefined,
        q.cityCode ? eq(counties.cityCode, q.cityCode) : undefined,
      ),
  });

  recordRoutes(app, { database, path: '/towns/:townCode', tag: TAG, noun: 'town', collection: townCollection, params: TownKey, body: TownBody, record: Town });
  listRoute<unknown, Static<typeof TownListQuery>>(app, {
    database,
    path: '/towns',
    tag: TAG,
    summary: 'List towns (乡镇)',
    collection: townCollection,
    query: TownListQuery,
    record: Town,
    where: (q) => (q.countyCode ? eq(towns.countyCode, q.countyCode) : undefined),
  });

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
}
