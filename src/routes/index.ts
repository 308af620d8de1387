import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/connection.js';
import { bulkRoutes } from './bulk.js';
import { geographyRoutes } from './geography.js';
import { schoolRoutes } from './schools.js';
import { teacherRoutes } from './teachers.js';

/** Everything under /v1. */
export async function v1Routes(app: FastifyInstance, opts: { database: Database }) {
  const { database } = opts;
  await app.register(geographyRoutes, { database });
  await app.register(schoolRoutes, { database });
  await app.register(teacherRoutes, { database });
  await app.register(bulkRoutes, { database });
}
