import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Problem } from '../schemas/common.js';

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
          'filters lists to its own. Limits: a per-key rate limit (429 with Retry-After) and a body size limit (413).',
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
      ],
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`),
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', deepLinking: true } });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
});
