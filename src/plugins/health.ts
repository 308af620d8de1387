import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Database } from '../db/connection.js';
import { problemResponses } from '../schemas/common.js';
import { sendProblem, PROBLEM_BASE } from './problem.js';

const PING_TIMEOUT_MS = 2_000;

const withTimeout = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('ping timed out')), ms).unref())]);

/** /health answers while the process runs; /ready only while the database answers too. */
export const healthPlugin = fp(async (app: FastifyInstance, opts: { database: Database }) => {
  app.get(
    '/health',
    {
      schema: {
        tags: ['operations'],
        summary: 'The process is up',
        response: { 200: Type.Object({ status: Type.Literal('ok'), uptimeSeconds: Type.Number() }) },
      },
    },
    async () => ({ status: 'ok' as const, uptimeSeconds: Math.round(process.uptime()) }),
  );
  app.get(
    '/ready',
    {
      schema: {
        tags: ['operations'],
        summary: 'The database is reachable',
        response: { 200: Type.Object({ status: Type.Literal('ready'), database: Type.String() }), ...problemResponses(503) },
      },
    },
    async (request, reply) => {
      try {
        await withTimeout(opts.database.ping(), PING_TIMEOUT_MS);
        return { status: 'ready' as const, database: opts.database.kind };
      } catch (error) {
        request.log.warn({ err: error }, 'readiness check failed');
        return sendProblem(request, reply, {
          type: `${PROBLEM_BASE}database-unavailable`,
          title: 'Service Unavailable',
          status: 503,
          detail: `the ${opts.database.kind} database does not answer`,
        });
      }
    },
  );
});
