import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/connection.js';
import { accessRoutes } from './access.js';
import { bulkRoutes } from './bulk.js';
import { fundingRoutes } from './funding.js';
import { geographyRoutes } from './geography.js';
import { indicatorRoutes } from './indicators.js';
import { policyRoutes } from './policies.js';
import { schoolRoutes } from './schools.js';
import { teacherRoutes } from './teachers.js';

/** Everything under /v1. */
export async function v1Routes(app: FastifyInstance, opts: { database: Database }) {
  const { database } = opts;
  await app.register(geographyRoutes, { database });
  await app.register(schoolRoutes, { database });
  await app.register(teacherRoutes, { database });
  await app.register(bulkRoutes, { database });
  await app.register(accessRoutes, { database });
  await app.register(indicatorRoutes, { database });
  await app.register(fundingRoutes, { database });
  await app.register(policyRoutes, { database });
}
