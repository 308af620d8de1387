import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Database } from '../db/connection.js';
import { assertUnrestrictedAdmin, contextOf } from '../plugins/auth.js';
import { DATE_TIME_RULE, parseDateTime } from '../plugins/date-time.js';
import { ApiKey, ApiKeyBody, ApiKeyListQuery, ApiKeyParams, AuditEvent, AuditQuery, CreatedApiKey } from '../schemas/access.js';
import { NoQuery, Page, jsonOrCsv, problemResponses } from '../schemas/common.js';
import { createApiKey, getApiKey, listApiKeys, revokeApiKey } from '../services/api-keys.js';
import { queryAudit } from '../services/audit.js';
import { ServiceError, type Issue } from '../services/errors.js';
import { contentTag } from '../plugins/conditional.js';
import { sendCsv, wantsCsv } from './csv.js';
import { representationOf, tagged } from './etag.js';

const TAG = 'access';

// Before the body is even validated: a county-bound admin gets 403 whatever it sends.
const unrestricted = async (request: FastifyRequest) => assertUnrestrictedAdmin(request);

/**
 * The audit query's `from` and `to` as instants. Their date-time format already admits only instants the
 * database holds (no leap second, no year 0000); reading them with that same parser keeps the two in step,
 * and a text it cannot read is still a 400 naming the field, never a failed query.
 */
function auditWindow(q: { from?: string; to?: string }): { from?: Date; to?: Date } {
  const window: { from?: Date; to?: Date } = {};
  const errors: Issue[] = [];
  for (const field of ['from', 'to'] as const) {
    const text = q[field];
    if (text === undefined) continue;
    const at = parseDateTime(text);
    if (at) window[field] = at;
    else errors.push({ in: 'query', pointer: `/${field}`, message: DATE_TIME_RULE });
  }
  if (errors.length > 0) throw new ServiceError(400, 'validation', 'Validation failed', `${errors.length} problem(s) in the query`, errors);
  return window;
}

/** API keys (admin scope, every county) and the audit trail (audit scope), docs/api.md "Access". */
export const accessRoutes: FastifyPluginAsyncTypebox<{ database: Database }> = async (app, opts) => {
  const db = opts.database.db;

  app.post(
    '/api-keys',
    {
      config: { scope: 'admin' },
      onRequest: unrestricted,
      schema: {
        tags: [TAG],
        summary: 'Make an API key; its token is in this answer only',
        body: ApiKeyBody,
        response: { 201: CreatedApiKey, ...problemResponses(400, 422, 503) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const { key, token } = await createApiKey(
        db,
        { name: body.name, scopes: body.scopes, counties: body.counties, expiresAt: body.expiresAt ? new Date(body.expiresAt) : null },
        contextOf(request),
      );
      return reply.status(201).send({ ...key, token });
    },
  );

  app.get(
    '/api-keys',
    {
      config: { scope: 'admin' },
      onRequest: unrestricted,
      schema: {
        tags: [TAG],
        summary: 'List API keys (never their tokens); revoked ones only with includeRevoked=true',
        querystring: ApiKeyListQuery,
        response: { 200: Page(ApiKey), ...problemResponses(400, 503) },
      },
    },
    async (request) => {
      const q = request.query;
      return listApiKeys(db, { limit: q.limit, offset: q.offset, includeRevoked: q.includeRevoked ?? false });
    },
  );

  app.get(
    '/api-keys/:id',
    {
      config: { scope: 'admin' },
      onRequest: unrestricted,
      schema: { tags: [TAG], summary: 'Get an API key (never its token)', params: ApiKeyParams, querystring: NoQuery, response: { 200: ApiKey, ...problemResponses(400, 404, 503) } },
    },
    async (request) => {
      return getApiKey(db, request.params.id);
    },
  );

  app.delete(
    '/api-keys/:id',
    {
      config: { scope: 'admin' },
      onRequest: unrestricted,
      schema: {
        tags: [TAG],
        summary: 'Revoke an API key: its token is refused (401) from now on; revoking twice changes nothing',
        description:
          'The last active (unrevoked, unexpired) admin key for every county is not revoked: 409, so that some key can ' +
          'always manage keys. Make another such key first.',
        params: ApiKeyParams,
        response: { 204: Type.Null({ description: 'revoked' }), ...problemResponses(400, 404, 409, 503) },
      },
    },
    async (request, reply) => {
      await revokeApiKey(db, request.params.id, contextOf(request));
      // The 204 answer's schema is `null`; Fastify sends a 204 without a body or content-type whatever the payload.
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/audit-events',
    {
      config: { scope: 'audit' },
      schema: {
        tags: [TAG],
        summary: 'The append-only audit trail of every write, oldest first',
        description:
          'Filters: entity (one of the listed names, such as school, teacher-year, api-key or funding-run; another is 400), ' +
          'entityKey, keyId, countyCode, requestId, action, from (inclusive) and to ' +
          '(exclusive). A county-bound key sees only events of its counties. Events cannot be changed or deleted.',
        querystring: AuditQuery,
        response: { ...jsonOrCsv(Page(AuditEvent), 'one row per event of the page, `before` and `after` as JSON text'), ...problemResponses(400, 503) },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const page = await queryAudit(
        db,
        {
          ...(q.entity ? { entity: q.entity } : {}),
          ...(q.entityKey ? { entityKey: q.entityKey } : {}),
          ...(q.keyId ? { keyId: q.keyId } : {}),
          ...(q.countyCode ? { countyCode: q.countyCode } : {}),
          ...(q.requestId ? { requestId: q.requestId } : {}),
          ...(q.action ? { action: q.action } : {}),
          ...auditWindow(q),
          limit: q.limit,
          offset: q.offset,
        },
        contextOf(request).counties,
      );
      return tagged(request, reply, contentTag(page, representationOf(request)), () => {
        if (wantsCsv(request))
          return sendCsv(reply, ['id', 'at', 'keyId', 'requestId', 'action', 'entity', 'entityKey', 'countyCode', 'before', 'after'], page.items, 'audit-events');
        return page;
      });
    },
  );
};
