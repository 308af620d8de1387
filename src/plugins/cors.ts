import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * CORS is off unless `CORS_ORIGINS` names origins: browsers then may call the API from those origins with
 * a bearer token (no cookies, so no credentials mode), send conditional requests (If-None-Match, If-Match) and
 * read the ETag and Data-Version they need for them. Without it no CORS header is ever sent.
 */
export const corsPlugin = fp(async (app: FastifyInstance, opts: { origins: string[] }) => {
  if (opts.origins.length === 0) return;
  await app.register(cors, {
    origin: opts.origins.includes('*') ? '*' : opts.origins,
    methods: ['GET', 'HEAD', 'PUT', 'POST', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type', 'accept', 'x-request-id', 'idempotency-key', 'min-data-version', 'if-none-match', 'if-match'],
    exposedHeaders: ['x-request-id', 'retry-after', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'content-disposition', 'data-version', 'etag', 'idempotent-replayed'],
    credentials: false,
    maxAge: 600,
  });
});
