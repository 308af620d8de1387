import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../db/connection.js';
import { loadChartEngine } from './charts/index.js';
import { countyReportDownloads } from './county-report/downloads.js';
import { countyReportPages } from './county-report/index.js';
import { schoolReportPages } from './school-report/index.js';
import { taskTrackerPages } from './tasks/index.js';
import { trendsPages } from './trends/index.js';

/** The report pages (each module registers its own paths under /reports). */
export const pageRoutes: FastifyPluginAsyncTypebox<{ database: Database }> = async (app, opts) => {
  // Every report draws charts; the engine is loaded by the first one (src/pages/charts/render.ts).
  app.addHook('onRequest', async () => {
    await loadChartEngine();
  });
  await app.register(countyReportPages, { database: opts.database });
  await app.register(countyReportDownloads, { database: opts.database });
  await app.register(taskTrackerPages, { database: opts.database });
  await app.register(schoolReportPages, { database: opts.database });
  await app.register(trendsPages, { database: opts.database });
};
