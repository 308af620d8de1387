import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { RequestContext } from '../services/context.js';

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
});
