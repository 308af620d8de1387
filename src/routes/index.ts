import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../db/connection.js';
import { accessRoutes } from './access.js';
import { bulkRoutes } from './bulk.js';
import { changeRoutes } from './changes.js';
import { compareRoutes } from './compare.js';
import { fundingRoutes } from './funding.js';
import { geographyRoutes } from './geography.js';
import { indicatorRoutes } from './indicators.js';
import { policyRoutes } from './policies.js';
import { remediationPlanRoutes } from './remediation-plan.js';
import { rollupRoutes } from './rollups.js';
import { schoolRoutes } from './schools.js';
import { taskRoutes } from './tasks.js';
import { teacherRoutes } from './teachers.js';
import { whatIfRoutes } from './what-if.js';

/** Everything under /v1. */
export const v1Routes: FastifyPluginAsyncTypebox<{ database: Database; localDivisionCodes?: boolean }> = async (app, opts) => {
  const { database, localDivisionCodes } = opts;
  await app.register(geographyRoutes, { database, localDivisionCodes });
  await app.register(schoolRoutes, { database });
  await app.register(teacherRoutes, { database });
  await app.register(bulkRoutes, { database, localDivisionCodes });
  await app.register(accessRoutes, { database });
  await app.register(changeRoutes, { database });
  await app.register(indicatorRoutes, { database });
  await app.register(fundingRoutes, { database });
  await app.register(policyRoutes, { database });
  await app.register(remediationPlanRoutes, { database });
  await app.register(whatIfRoutes, { database });
  await app.register(compareRoutes, { database });
  await app.register(rollupRoutes, { database });
  await app.register(taskRoutes, { database });
};
