import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { MAX_OFFSET, Problem } from '../schemas/common.js';
import { DATE_TIME_RULE } from './date-time.js';
import { applyConventions } from './openapi-conventions.js';
import { PLAIN_INTEGER_RULE } from './validation.js';

export const API_VERSION = '0.1.0';

/**
 * The OpenAPI document is generated from the route schemas (the single source of truth); shared
 * schemas keep their `$id` as component names instead of `def-N`.
 */
export const openapiPlugin = fp(async (app: FastifyInstance) => {
  app.addSchema(Problem);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'County education indicators and funding service',
        version: API_VERSION,
        description:
          'Holds a county\'s schools, teachers, classes, facilities and funding, and computes the national ' +
          '"county compulsory education high-quality balanced development" indicators and every school\'s funding ' +
          'entitlement. Errors are RFC 9457 problem+json.\n\n' +
          'Every /v1 route needs `Authorization: Bearer <token>` of an API key holding the scope listed in its security ' +
          'requirement (`admin` holds every scope). A key bound to counties answers 404 for records of other counties and ' +
          'filters lists to its own. Limits: a per-key rate limit (429 with Retry-After) and a body size limit (413).\n\n' +
          `Integers in paths and query strings ${PLAIN_INTEGER_RULE}. Date-times ${DATE_TIME_RULE}. ` +
          'Text anywhere in a request must not contain U+0000 or unpaired surrogates (400).\n\n' +
          `Lists take \`limit\` (1–1000, default 100) and \`offset\` (0–${MAX_OFFSET}, default 0). Routes with a \`format\` ` +
          'parameter also answer `text/csv` (`?format=csv` or `Accept: text/csv`). Numbers marked `x-maxDecimals: n` ' +
          '(money in yuan, areas in m²) accept at most n digits after the decimal point, counted on the number as written: ' +
          'a service extension of JSON Schema, used instead of `multipleOf`, which divides in floating point.',
      },
      components: {
        securitySchemes: {
          bearerAuth: {
            type: 'http',
            scheme: 'bearer',
            description: 'An API key token (`edu_…`), made with POST /v1/api-keys or `npm run key:create`; scopes: read, write, funding:run, audit, admin',
          },
        },
      },
      servers: [{ url: '/' }],
      tags: [
        { name: 'reference data', description: 'Counties, towns, schools, school-years, classes, teachers (upsert by natural key)' },
        { name: 'bulk', description: 'All-or-nothing loads of many collections' },
        { name: 'operations', description: 'Health, readiness, metrics, this document' },
        { name: 'access', description: 'API keys (admin scope) and the append-only audit trail (audit scope)' },
        {
          name: 'indicators',
          description: 'The B1–B31 catalogue, a county-year\'s scorecard, resource allocation (B1–B7) and class sizes, and one school\'s indicators; every figure with its numerator, denominator and standard',
        },
        {
          name: 'funding',
          description: 'Funding entitlements per school and county-year, compliance for auditors, and frozen, reproducible funding runs with their lines',
        },
        {
          name: 'policies',
          description: 'Policy profiles (the indicator standards and funding rates the service computes with, each with its source), custom profiles, and the profile that applies to a county-year',
        },
        {
          name: 'comparison',
          description: 'Years with data, a school or county compared between two years (inputs, indicators, entitlements: from, to, delta), and each indicator over the years',
        },
        {
          name: 'planning',
          description: 'Decision support, read-only: what it takes to pass (the remediation plan) and what-if scenarios computed on a copy of a county-year; nothing is written',
        },
        {
          name: 'tasks',
          description: "The county plan's annual tasks with their progress (status, notes, evidence; overdue derived from the deadline), and its responsible units with their duties, indicators and tasks",
        },
        { name: 'sync', description: 'The change feed: every committed create, update and delete, in order, for systems that keep a copy' },
        { name: 'roll-ups', description: 'A city\'s or a province\'s counties side by side: one row per county with its indicator, class-size, entitlement and scorecard figures, and totals' },
      ],
    },
    // Shared conventions (problem+json errors, operation ids, x-maxDecimals, …): src/plugins/openapi-conventions.ts.
    transformObject: (documentObject) =>
      'openapiObject' in documentObject ? applyConventions(documentObject.openapiObject as Record<string, unknown>) : documentObject.swaggerObject,
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`),
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', deepLinking: true } });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
});
