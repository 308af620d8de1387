import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { RequestContext } from '../services/context.js';
import { notFound } from '../services/errors.js';

export const SCOPES = ['read', 'write', 'funding:run', 'audit', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

/** Who is calling: the key's id, what it may do, and which counties it may see ('*' for all). */
export interface Principal {
  keyId: string | null;
  scopes: ReadonlySet<Scope>;
  counties: '*' | ReadonlySet<string>;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
  interface FastifyContextConfig {
    /** The scope a route requires; routes without one are open (health, docs). */
    scope?: Scope;
  }
}

/**
 * The one place where authentication plugs in. Until API keys are enabled every caller acts as an
 * unrestricted principal without a key id; routes already declare the scope they need in
 * `config.scope`, and services receive the principal through the request context.
 */
export const authPlugin = fp(async (app: FastifyInstance) => {
  app.decorateRequest('principal', null as unknown as Principal);
  app.addHook('onRequest', async (request) => {
    request.principal = { keyId: null, scopes: new Set(SCOPES), counties: '*' };
  });
});

export const contextOf = (request: FastifyRequest): RequestContext => ({
  requestId: String(request.id),
  keyId: request.principal?.keyId ?? null,
  counties: request.principal?.counties ?? '*',
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
