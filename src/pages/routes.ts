import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../db/connection.js';

/** The report pages (each module registers its own paths under /reports). */
export const pageRoutes: FastifyPluginAsyncTypebox<{ database: Database }> = async (_app, _opts) => {
};
