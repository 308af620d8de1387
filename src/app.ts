import { randomUUID } from 'node:crypto';
import helmet from '@fastify/helmet';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Database } from './db/connection.js';
import { authPlugin } from './plugins/auth.js';
import { clientErrorHandler } from './plugins/client-errors.js';
import { conditionalPlugin } from './plugins/conditional.js';
import { corsPlugin } from './plugins/cors.js';
import { healthPlugin } from './plugins/health.js';
import { inputGuardPlugin } from './plugins/input-guard.js';
import { jsonBodyPlugin } from './plugins/json-body.js';
import { metricsPlugin } from './plugins/metrics.js';
import { openapiPlugin } from './plugins/openapi.js';
import { frameworkErrors, MAX_PARAM_LENGTH, problemPlugin } from './plugins/problem.js';
import { readRoutingPlugin } from './plugins/read-routing.js';
import { requestLogSerializer } from './plugins/redact.js';
import { helmetOptions } from './plugins/security-headers.js';
import { buildCachedSerializer } from './plugins/serializers.js';
import { installValidators } from './plugins/validation.js';
import { pagesPlugin } from './pages/plugin.js';
import { v1Routes } from './routes/index.js';

export interface AppOptions {
  config: Pick<Config, 'bodyLimit' | 'requestTimeoutMs'> &
    Partial<Pick<Config, 'rateLimitPerMinute' | 'corsOrigins' | 'publicUrl' | 'sessionSecret' | 'sessionMinutes' | 'localDivisionCodes'>>;
  database: Database;
  logger?: Logger;
  /** The time the API-key cache goes by (ms since the epoch; Date.now when unset): tests move it on instead of waiting. */
  clock?: () => number;
}

/** Used when the options leave it out (the server always passes the configured value). */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 1200;
/** How long a report-page session lasts when the options leave it out (SESSION_MINUTES). */
export const DEFAULT_SESSION_MINUTES = 480;

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Builds the application without listening: tests use it directly, the server process wraps it. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  // The request serializer redacts secrets a caller put in the query string (./plugins/redact.ts).
  const loggerInstance: FastifyBaseLogger | undefined = options.logger?.child({}, { serializers: { req: requestLogSerializer } });
  const app = Fastify({
    ...(loggerInstance ? { loggerInstance } : { logger: false }),
    bodyLimit: options.config.bodyLimit,
    requestTimeout: options.config.requestTimeoutMs,
    // A caller's request id is kept when it looks like one, so logs join across systems.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    ajv: { customOptions: { removeAdditional: false } },
    schemaController: { compilersFactory: { buildSerializer: buildCachedSerializer } },
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // What the router and Node's HTTP parser refuse is problem+json too, without echoing the input.
    frameworkErrors,
    clientErrorHandler,
  }).withTypeProvider<TypeBoxTypeProvider>();

  installValidators(app);
  // The API speaks JSON only; other bodies get 415 rather than a confusing validation error.
  app.removeContentTypeParser('text/plain');
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(problemPlugin);
  await app.register(jsonBodyPlugin);
  await app.register(helmet, helmetOptions(options.config.publicUrl));
  await app.register(corsPlugin, { origins: options.config.corsOrigins ?? [] });
  // Before any route: it documents and guards every /v1 route as it is registered.
  await app.register(authPlugin, {
    database: options.database,
    rateLimitPerMinute: options.config.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  // After auth (it relaxes auth's Cache-Control on tagged answers), before any route (it gives every GET If-None-Match).
  await app.register(conditionalPlugin);
  // Before any route: it gives computed answers minDataVersion, and routes read through its router.
  await app.register(readRoutingPlugin, { database: options.database });
  await app.register(inputGuardPlugin);
  await app.register(openapiPlugin);
  await app.register(metricsPlugin);
  await app.register(healthPlugin, { database: options.database });
  await app.register(v1Routes, { prefix: '/v1', database: options.database, localDivisionCodes: options.config.localDivisionCodes ?? false });
  await app.register(pagesPlugin, {
    database: options.database,
    sessionSecret: options.config.sessionSecret,
    sessionMinutes: options.config.sessionMinutes ?? DEFAULT_SESSION_MINUTES,
    publicUrl: options.config.publicUrl,
  });
  return app;
}
