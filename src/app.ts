import { randomUUID } from 'node:crypto';
import helmet from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Database } from './db/connection.js';
import { authPlugin } from './plugins/auth.js';
import { corsPlugin } from './plugins/cors.js';
import { healthPlugin } from './plugins/health.js';
import { inputGuardPlugin } from './plugins/input-guard.js';
import { metricsPlugin } from './plugins/metrics.js';
import { openapiPlugin } from './plugins/openapi.js';
import { PROBLEM_BASE, problemPlugin, sendProblem } from './plugins/problem.js';
import { installValidators } from './plugins/validation.js';
import { v1Routes } from './routes/index.js';
import { pgError } from './services/db-errors.js';

export interface AppOptions {
  config: Pick<Config, 'bodyLimit' | 'requestTimeoutMs'> & Partial<Pick<Config, 'rateLimitPerMinute' | 'corsOrigins'>>;
  database: Database;
  logger?: Logger;
}

/** Used when the options leave it out (the server always passes the configured value). */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 1200;

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

const guardedPools = new WeakSet<object>();

/** An error PostgreSQL sent with severity FATAL: it ends (or refuses) the connection, whatever the code. */
function isFatal(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const e = current as { severity?: unknown; cause?: unknown };
    if (e.severity === 'FATAL' || e.severity === 'PANIC') return true;
    current = e.cause;
  }
  return false;
}

/**
 * pg's pool removes its error listener from a client while it is checked out (a transaction holds one), so a
 * connection killed between two statements would emit an unhandled 'error' and crash the process. Every
 * client gets a listener when acquired: the statement in flight still fails (503), the pool drops the client.
 */
function guardPoolClients(database: Database, logger: Logger | undefined): void {
  if (database.kind !== 'postgres') return;
  const pool = (database.db as unknown as { $client?: { on?: (event: string, fn: (client: EventTarget) => void) => void } }).$client;
  if (!pool || typeof pool.on !== 'function' || guardedPools.has(pool)) return;
  guardedPools.add(pool);
  const guarded = new WeakSet<object>();
  pool.on('acquire', (client) => {
    if (guarded.has(client)) return;
    guarded.add(client);
    (client as unknown as { on(event: 'error', fn: (err: Error) => void): void }).on('error', (err) =>
      logger?.warn({ err }, 'a database connection failed; the pool replaces it'),
    );
  });
}

/** Builds the application without listening: tests use it directly, the server process wraps it. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    bodyLimit: options.config.bodyLimit,
    requestTimeout: options.config.requestTimeoutMs,
    // A caller's request id is kept when it looks like one, so logs join across systems.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    ajv: { customOptions: { removeAdditional: false } },
  }) as unknown as FastifyInstance;

  guardPoolClients(options.database, options.logger);
  installValidators(app);
  // The API speaks JSON only; other bodies get 415 rather than a confusing validation error.
  app.removeContentTypeParser('text/plain');
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(problemPlugin);
  await app.register(helmet, { global: true });
  await app.register(corsPlugin, { origins: options.config.corsOrigins ?? [] });
  // Before any route: it documents and guards every /v1 route as it is registered.
  await app.register(authPlugin, {
    database: options.database,
    rateLimitPerMinute: options.config.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE,
  });
  await app.register(inputGuardPlugin);
  await app.register(openapiPlugin);
  await app.register(metricsPlugin);
  await app.register(healthPlugin, { database: options.database });
  await app.register(
    async (v1) => {
      // A statement cancelled by PostgreSQL's statement_timeout rolled its transaction back: say so with a 503.
      const shared = v1.errorHandler;
      v1.setErrorHandler(function (error, request, reply) {
        // PostgreSQL refusing a new connection (FATAL: too many connections, database not accepting
        // connections, shutting down) is the database being unavailable, like a dropped connection.
        if (isFatal(error)) {
          request.log.error({ err: error }, 'database refused the connection');
          reply.header('retry-after', '5');
          return sendProblem(request, reply, {
            type: `${PROBLEM_BASE}database-unavailable`,
            title: 'Service Unavailable',
            status: 503,
            detail: 'the database is unreachable; nothing was written; try again shortly',
          });
        }
        if (pgError(error)?.code === '57014') {
          request.log.error({ err: error }, 'statement timed out');
          reply.header('retry-after', '5');
          return sendProblem(request, reply, {
            type: `${PROBLEM_BASE}timeout`,
            title: 'Service Unavailable',
            status: 503,
            detail: 'the database took too long to answer; nothing was written; try again later or send less at once',
          });
        }
        return shared.call(this, error, request, reply);
      });
      await v1.register(v1Routes, { database: options.database });
    },
    { prefix: '/v1' },
  );
  return app;
}
