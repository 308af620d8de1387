import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * CORS is off unless `CORS_ORIGINS` names origins: browsers then may call the API from those origins with
 * a bearer token (no cookies, so no credentials mode). Without it no CORS header is ever sent.
 */
export const corsPlugin = fp(async (app: FastifyInstance, opts: { origins: string[] }) => {
  if (opts.origins.length === 0) return;
  await app.register(cors, {
    origin: opts.origins.includes('*') ? '*' : opts.origins,
    methods: ['GET', 'HEAD', 'PUT', 'POST', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type', 'accept', 'x-request-id', 'idempotency-key'],
    exposedHeaders: ['x-request-id', 'retry-after', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'content-disposition'],
    credentials: false,
    maxAge: 600,
  });
});
