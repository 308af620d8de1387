import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

/**
 * The instance a route plugin (`FastifyPluginAsyncTypebox`) is given: request and reply types come from
 * the route's TypeBox schemas. Route helpers (list-route.ts, record-routes.ts) take it to register on.
 */
export type RouteApp = Parameters<FastifyPluginAsyncTypebox>[0];
