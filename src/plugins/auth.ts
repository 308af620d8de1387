import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import type { Database } from '../db/connection.js';
import { ProblemRef } from '../schemas/common.js';
import { findKeyByTokenCached, keyStatus, touchApiKey } from '../services/api-keys.js';
import type { RequestContext } from '../services/context.js';
import { notFound, ServiceError } from '../services/errors.js';
import { postgresRateLimitStore } from '../services/rate-limit-store.js';

export const SCOPES = ['read', 'write', 'funding:run', 'audit', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

/** Who is calling: the key's id, what it may do, and which counties it may see ('*' for all). */
export interface Principal {
  keyId: string | null;
  scopes: ReadonlySet<Scope>;
  counties: '*' | ReadonlySet<string>;
}

/** A /v1 route as registered: what it needs (the auth matrix and the scope test enumerate these). */
export interface GuardedRoute {
  method: string;
  url: string;
  scope: Scope | undefined;
  schema: Record<string, unknown>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every /v1 route, with the scope it declares (undefined: none, treated as admin-only). */
    guardedRoutes: readonly GuardedRoute[];
  }
  interface FastifyRequest {
    principal: Principal;
  }
  interface FastifyContextConfig {
    /** The scope a route requires. Every /v1 route must name one; routes outside /v1 without one are open. */
    scope?: Scope;
  }
}

/** The caller of an open route (health, docs): no key, no scopes, no counties. */
const ANONYMOUS: Principal = Object.freeze({ keyId: null, scopes: new Set<Scope>(), counties: new Set<string>() });

/** A /v1 route that forgot its scope is treated as admin-only: fail closed (a test lists such routes). */
const FALLBACK_SCOPE: Scope = 'admin';
/** `last_used_at` is written at most this often per key, so reads stay one indexed lookup. */
const TOUCH_EVERY_MS = 60_000;

export interface AuthOptions {
  database: Database;
  /** Requests per minute per key (per address for callers without a valid key); 0 = no limit. */
  rateLimitPerMinute: number;
  /** The time the API-key cache goes by (ms since the epoch); tests move it on instead of waiting. */
  clock?: () => number;
}

/** Does the principal hold the scope? `admin` holds every scope (its counties still bind it). */
export const hasScope = (principal: Pick<Principal, 'scopes'>, scope: Scope): boolean =>
  principal.scopes.has(scope) || principal.scopes.has('admin');

export const isGuarded = (url: string | undefined, scope: Scope | undefined): boolean =>
  scope !== undefined || url === '/v1' || (url?.startsWith('/v1/') ?? false);

const unauthorized = (detail: string) => new ServiceError(401, 'unauthorized', 'Unauthorized', detail);
const forbidden = (detail: string) => new ServiceError(403, 'forbidden', 'Forbidden', detail);

function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return match?.[1];
}

export function principalOf(key: { id: string; scopes: string[]; counties: string[] }): Principal {
  return {
    keyId: key.id,
    scopes: new Set(key.scopes.filter((s): s is Scope => (SCOPES as readonly string[]).includes(s))),
    counties: key.counties.includes('*') ? '*' : new Set(key.counties),
  };
}

/**
 * API keys (docs/api.md): every /v1 route needs `Authorization: Bearer <token>` and the scope named in its
 * `config.scope`. Order per request: resolve the key (one lookup by the token's sha256), count the request
 * against the key's rate limit (or the client address's when no valid key was given), then answer 401 for
 * a missing, unknown, expired or revoked token and 403 for a missing scope. County binding is applied
 * further in, where records are read and written (`assertCountyVisible`, the services' county checks).
 */
export const authPlugin = fp(async (app: FastifyInstance, opts: AuthOptions) => {
  const db = opts.database.db;
  app.decorateRequest('principal', null as unknown as Principal);
  const guarded: GuardedRoute[] = [];
  app.decorate('guardedRoutes', guarded);

  // Documents each /v1 route's scope and its 401/403/429 answers in the OpenAPI document.
  app.addHook('onRoute', (route: RouteOptions) => {
    const url = route.url;
    const scope = route.config?.scope;
    if (!isGuarded(url, scope)) return;
    if (scope === undefined) app.log.warn({ url, method: route.method }, `a /v1 route declares no scope; it is treated as ${FALLBACK_SCOPE}-only`);
    const schema = (route.schema ?? {}) as Record<string, unknown>;
    const response = { ...((schema.response as Record<string, unknown> | undefined) ?? {}) };
    for (const status of [401, 403, 429]) if (!(status in response)) response[status] = ProblemRef;
    route.schema = { ...schema, response, security: [{ bearerAuth: [scope ?? FALLBACK_SCOPE] }] } as RouteOptions['schema'];
    for (const method of [route.method].flat()) guarded.push({ method, url, scope, schema: route.schema as Record<string, unknown> });
  });

  let limiter: ((req: FastifyRequest) => Promise<{ isAllowed: boolean; isExceeded?: boolean; max?: number; remaining?: number; ttlInSeconds?: number }>) | undefined;
  if (opts.rateLimitPerMinute > 0) {
    await app.register(rateLimit, {
      global: false,
      max: opts.rateLimitPerMinute,
      timeWindow: 60_000,
      keyGenerator: (req) => (req.principal?.keyId ? `key:${req.principal.keyId}` : `ip:${req.ip}`),
      // On PostgreSQL the counters are in the database, so every instance on it counts against one limit;
      // PGlite (one process) keeps them in memory.
      ...(opts.database.kind === 'postgres'
        ? { store: postgresRateLimitStore(db, { onCleanupError: (err) => app.log.warn({ err }, 'could not delete ended rate-limit windows') }) }
        : {}),
    });
    limiter = app.createRateLimit() as unknown as typeof limiter;
  }

  app.addHook('onRequest', async (request, reply) => {
    request.principal = ANONYMOUS;
    const scope = request.routeOptions.config?.scope;
    if (!isGuarded(request.routeOptions.url, scope)) return;
    const required = scope ?? FALLBACK_SCOPE;
    // Answers behind a key are kept nowhere; a GET answer with an ETag may be kept by the client to revalidate
    // (`private, no-cache`, set by src/plugins/conditional.ts once the answer is known).
    reply.header('cache-control', 'no-store');

    let failure: string | undefined;
    const token = bearerToken(request.headers.authorization);
    if (!token) failure = 'send Authorization: Bearer <token>';
    else {
      const key = await findKeyByTokenCached(db, token, opts.clock?.());
      const status = key ? keyStatus(key) : undefined;
      if (!key) failure = 'the token is not valid';
      else if (status === 'revoked') failure = 'the key of this token has been revoked';
      else if (status === 'expired') failure = 'the key of this token has expired';
      else {
        request.principal = principalOf(key);
        const now = new Date();
        if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() >= TOUCH_EVERY_MS) {
          await touchApiKey(db, key.id, now).catch((err: unknown) => request.log.warn({ err }, 'could not record the key\'s last use'));
        }
      }
    }

    if (limiter) {
      const limit = await limiter(request);
      if (!limit.isAllowed && limit.max !== undefined) {
        reply.header('x-ratelimit-limit', limit.max);
        reply.header('x-ratelimit-remaining', limit.remaining ?? 0);
        reply.header('x-ratelimit-reset', limit.ttlInSeconds ?? 60);
        if (limit.isExceeded) {
          reply.header('retry-after', limit.ttlInSeconds ?? 60);
          throw new ServiceError(
            429,
            'rate-limited',
            'Too Many Requests',
            `more than ${limit.max} requests in a minute from this ${request.principal.keyId ? 'key' : 'address'}; retry after ${limit.ttlInSeconds ?? 60} s`,
          );
        }
      }
    }

    if (failure) {
      reply.header('www-authenticate', token ? 'Bearer error="invalid_token"' : 'Bearer');
      throw unauthorized(failure);
    }
    if (!hasScope(request.principal, required)) throw forbidden(`this key lacks the ${required} scope`);
  });
});

export const contextOf = (request: FastifyRequest): RequestContext => ({
  requestId: String(request.id),
  keyId: request.principal?.keyId ?? null,
  counties: request.principal?.counties ?? new Set<string>(),
});

export const canSeeCounty = (principal: Pick<Principal, 'counties'>, countyCode: string | null | undefined): boolean =>
  principal.counties === '*' || (countyCode !== null && countyCode !== undefined && principal.counties.has(countyCode));

/**
 * A record of a county the caller may not touch is answered exactly like a missing one (404), so keys
 * bound to one county cannot learn what other counties hold.
 */
export function assertCountyVisible(request: FastifyRequest, countyCode: string | null | undefined, what: string): void {
  if (!canSeeCounty(request.principal, countyCode)) throw notFound(what);
}

/** Managing keys needs an admin key bound to every county: a county-bound admin cannot mint wider keys. */
export function assertUnrestrictedAdmin(request: FastifyRequest): void {
  if (!request.principal.scopes.has('admin') || request.principal.counties !== '*')
    throw forbidden('managing API keys needs an admin key for every county ("*")');
}
