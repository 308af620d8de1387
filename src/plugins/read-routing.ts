// Data versions on the wire and reads from the replica (docs/api.md "Data versions", docs/deployment.md
// "Read replicas"). A computed answer (a route with `config.computed`, and the report pages) is read where
// src/services/read-routing.ts sends it and says in `Data-Version` the database's data version its source
// had when the read began; `minDataVersion` (query) or `Min-Data-Version` (header) asks for at least that
// version. Every successful write answers `Data-Version` as well: the primary's after the write, which is
// what a client hands back to read its own write from wherever it is served.

import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { Type, type TSchema } from 'typebox';
import type { Database, Queryable } from '../db/connection.js';
import { databaseDataVersion, ReadRouter } from '../services/read-routing.js';
import { ServiceError } from '../services/errors.js';
import { isGuarded } from './auth.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Where computed answers are read from (the replica when new enough, else the primary). */
    readRouter: ReadRouter;
  }
  interface FastifyContextConfig {
    /**
     * A computed, read-only answer: it may be read from the read replica, takes `minDataVersion` and
     * `Min-Data-Version`, and answers `Data-Version` (its handler reads through `readFresh`).
     */
    computed?: boolean;
  }
}

/** A data version as text: the decimal digits of a non-negative bigint sum. */
const DIGITS = /^[0-9]{1,19}$/;

const MIN_NOTE =
  'The data version this answer must be at least as new as (docs/api.md, "Data versions"): a `Data-Version` this client was ' +
  'answered before, e.g. by its last write. Served from a read replica only when the replica has it, else from the primary';

export const DATA_VERSION_HEADER = {
  description:
    'The data version of the database this answer was read from when the read began (docs/api.md, "Data versions"): a ' +
    'sum of counters every committed write raises. Send it back as `minDataVersion` (or `Min-Data-Version`) to be served ' +
    'nothing older',
  schema: { type: 'string', pattern: '^[0-9]+$' },
};

const WRITE_DATA_VERSION_HEADER = {
  description:
    "The primary's data version after this write (docs/api.md, \"Data versions\"): send it as `minDataVersion` (or " +
    '`Min-Data-Version`) with a computed answer to be sure it includes the write',
  schema: { type: 'string', pattern: '^[0-9]+$' },
};

const WRITES = new Set(['PUT', 'POST', 'DELETE', 'PATCH']);

type Json = Record<string, unknown>;

/** An object schema with one more optional member (a route's querystring or headers; none yet: a new object). */
function withMember(schema: TSchema | undefined, name: string, member: TSchema, what: string): TSchema {
  if (schema === undefined) return Type.Object({ [name]: Type.Optional(member) });
  const object = schema as TSchema & { type?: unknown; properties?: Record<string, TSchema> };
  if (object.type !== 'object' || object.properties === undefined) throw new Error(`a computed route declares a ${what} schema that is not an object`);
  return { ...object, properties: { ...object.properties, [name]: Type.Optional(member) } } as TSchema;
}

/** The 400 of a malformed minimum, where no schema checked it (the report pages). */
const badMinimum = (where: 'query' | 'header', pointer: string) =>
  new ServiceError(400, 'bad-request', 'Bad Request', 'a data version is the decimal digits of a whole number', [
    { pointer, message: 'must be a data version: 1 to 19 digits', in: where },
  ]);

/** The data version the request asks for at least: the larger of `minDataVersion` and `Min-Data-Version`. */
export function minDataVersionOf(request: FastifyRequest): bigint | undefined {
  const query = (request.query ?? {}) as Json;
  const fromQuery = query.minDataVersion;
  const fromHeader = request.headers['min-data-version'];
  let min: bigint | undefined;
  if (fromQuery !== undefined) {
    if (typeof fromQuery !== 'string' || !DIGITS.test(fromQuery)) throw badMinimum('query', '/minDataVersion');
    min = BigInt(fromQuery);
  }
  if (fromHeader !== undefined) {
    if (typeof fromHeader !== 'string' || !DIGITS.test(fromHeader)) throw badMinimum('header', '/min-data-version');
    const given = BigInt(fromHeader);
    if (min === undefined || given > min) min = given;
  }
  return min;
}

/** The query without what only chooses where it is read from: what an answer's ETag depends on. */
export function answerQuery(request: FastifyRequest): Json {
  const { minDataVersion: _, ...query } = (request.query ?? {}) as Json;
  return query;
}

/**
 * Runs a computed answer's reads on the database the router chooses for the request's minimum and answers
 * its data version in `Data-Version` (on a 304 too). `read` must only read: it runs again on the primary
 * when the replica fails under it.
 */
export async function readFresh<T>(request: FastifyRequest, reply: FastifyReply, read: (db: Queryable) => Promise<T>): Promise<T> {
  const min = minDataVersionOf(request);
  const told = (reason: 'lag' | 'error', error: unknown) => {
    if (reason === 'error') request.log.warn({ err: error }, 'the read replica failed; reading from the primary');
    else request.log.debug({ minDataVersion: String(min) }, 'the read replica is behind the data version asked for; reading from the primary');
  };
  try {
    return await request.server.readRouter.read(
      min,
      (on) => {
        reply.header('data-version', on.dataVersion);
        return read(on.db);
      },
      told,
    );
  } catch (error) {
    // an error answer has no data version
    reply.removeHeader('data-version');
    throw error;
  }
}

/**
 * The OpenAPI side (called by src/plugins/openapi-conventions.ts): an operation taking `minDataVersion`
 * answers `Data-Version` on 200 and 304; every other write answers it on success.
 */
export function dataVersionAnswers(method: string, operation: Json): void {
  const responses = operation.responses as Record<string, Json>;
  const computed = ((operation.parameters as Json[] | undefined) ?? []).some((p) => p.in === 'query' && p.name === 'minDataVersion');
  const add = (status: string, header: Json) => {
    const answer = responses[status];
    if (answer) answer.headers = { ...((answer.headers as Json | undefined) ?? {}), 'Data-Version': header };
  };
  if (computed) for (const status of ['200', '304']) add(status, DATA_VERSION_HEADER);
  else if (WRITES.has(method.toUpperCase())) for (const status of Object.keys(responses)) if (status.startsWith('2')) add(status, WRITE_DATA_VERSION_HEADER);
}

export interface ReadRoutingOptions {
  database: Database;
  /** How long a replica that failed to connect is left alone (ms; src/services/read-routing.ts). */
  replicaRestMs?: number;
}

export const readRoutingPlugin = fp(async (app: FastifyInstance, opts: ReadRoutingOptions) => {
  const { database } = opts;
  app.decorate('readRouter', new ReadRouter({ primary: database.db, replica: database.replica, restMs: opts.replicaRestMs }));
  if (database.replica) app.log.info('computed answers read from the read replica when it is new enough (DATABASE_READ_URL)');

  app.addHook('onRoute', (route: RouteOptions) => {
    if (!route.config?.computed) return;
    const schema = (route.schema ?? {}) as Json;
    const minimum = (description: string) => Type.String({ pattern: DIGITS.source, description });
    route.schema = {
      ...schema,
      querystring: withMember(schema.querystring as TSchema | undefined, 'minDataVersion', minimum(MIN_NOTE), 'querystring'),
      headers: withMember(schema.headers as TSchema | undefined, 'min-data-version', minimum(`Min-Data-Version: the same as \`minDataVersion\`; with both, the larger counts. ${MIN_NOTE}`), 'headers'),
    } as RouteOptions['schema'];
  });

  // After a write: the primary's data version, read once the write has committed (the handler has returned).
  app.addHook('onSend', async (request, reply, payload) => {
    const config = request.routeOptions.config;
    if (!WRITES.has(request.method) || config?.computed || !isGuarded(request.routeOptions.url, config?.scope)) return payload;
    if (reply.statusCode < 200 || reply.statusCode >= 300) return payload;
    try {
      reply.header('data-version', await databaseDataVersion(database.db));
    } catch (error) {
      // the write stands; only the header is missing
      request.log.warn({ err: error }, 'could not read the data version after a write');
    }
    return payload;
  });
});
