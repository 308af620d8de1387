import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { hasScope, type Principal, type Scope } from '../plugins/auth.js';
import { ServiceError } from '../services/errors.js';
import type { PageViewer } from './layout.js';

/** The session cookie: HttpOnly, SameSite=Strict, signed; it holds a random session token, never an API key. */
export const SESSION_COOKIE = 'edu_session';

declare module 'fastify' {
  interface FastifyRequest {
    /** The person signed in to the report pages, or null. */
    viewer: PageViewer | null;
  }
}

/** Thrown by a page that needs a signed-in person: the pages' error handler sends them to /sign-in. */
export class SignInRequired extends Error {
  constructor(readonly next: string) {
    super('sign in to see this page');
  }
}

/** Where to go after signing in: only a path of this service (no scheme, no host, no `//`), else the landing page. */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || next.length > 300) return '/';
  return /^\/(?:reports\/[A-Za-z0-9/_-]*)?(?:\?[A-Za-z0-9=&_-]*)?$/.test(next) ? next : '/';
}

/** The signed-in person who may read, or a redirect to sign in (401) / a refusal (403) for everyone else. */
export function requireReader(request: FastifyRequest): PageViewer {
  if (!request.viewer) throw new SignInRequired(request.url);
  if (!hasScope(request.principal, 'read' satisfies Scope))
    throw new ServiceError(403, 'forbidden', 'Forbidden', '此 API 密钥没有 read 权限，不能查看报告页面');
  return request.viewer;
}

export const viewerOf = (name: string, principal: Principal): PageViewer => ({ keyName: name, counties: principal.counties });

/**
 * A form post must come from this service's own pages: a browser names the page's origin in `Origin`
 * (and `Sec-Fetch-Site`); a post from another site is refused even before the SameSite cookie would be.
 */
export function assertSameOrigin(request: FastifyRequest): void {
  const site = request.headers['sec-fetch-site'];
  const origin = request.headers.origin;
  let foreign: boolean;
  if (typeof site === 'string' && site !== '') foreign = site !== 'same-origin';
  else if (typeof origin === 'string' && origin !== '') {
    try {
      // Compared through URL on both sides, so a default port written out (http://host:80) is the same origin.
      const from = new URL(origin);
      foreign = from.host !== new URL(`${from.protocol}//${request.host}`).host;
    } catch {
      foreign = true; // "null" (an opaque origin) or garbage
    }
  } else foreign = false; // neither header: not a browser's cross-site form (browsers send at least one of them)
  if (foreign) throw new ServiceError(403, 'forbidden', 'Forbidden', '表单只能从本服务的页面提交');
}

/** A random per-process cookie secret when none is configured: sessions then end when the process stops. */
export const ephemeralSecret = (): string => randomBytes(32).toString('base64url');

/** Every page is private to the person signed in: never stored by a shared cache. */
export function sendPage(reply: FastifyReply, page: { text: string }, status = 200): FastifyReply {
  // same-origin (not the API's no-referrer): a browser then names this page's origin when its forms post,
  // which is what assertSameOrigin checks; other sites still learn nothing.
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'same-origin')
    .send(page.text);
}
