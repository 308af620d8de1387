import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../db/connection.js';
import { principalOf } from '../plugins/auth.js';
import { PROBLEM_BASE, echoedUrl, problemOf } from '../plugins/problem.js';
import { servedOverTls } from '../plugins/security-headers.js';
import { keyOfSession } from '../services/web-sessions.js';
import { errorPage } from './error-page.js';
import { landingRoutes } from './landing.js';
import { pageRoutes } from './routes.js';
import { SESSION_COOKIE, SignInRequired, ephemeralSecret, viewerOf } from './session.js';
import { signInRoutes } from './sign-in.js';
import { ICON_SVG, REPORT_CSS } from './styles.js';

export interface PagesOptions {
  database: Database;
  /** Signs the session cookie; unset = a random secret per process. */
  sessionSecret?: string;
  /** How long a session lasts, minutes. */
  sessionMinutes: number;
  publicUrl?: string;
}

/**
 * The pages for people (docs/pages.md): a landing page, sign-in with an API key, and the county, school,
 * trends and task reports, rendered on the server as HTML with SVG charts, readable with JavaScript off.
 * Everything here is its own encapsulated context: cookies and form bodies are understood only by these
 * routes, and a session cookie never reaches (and never authorises) anything under /v1.
 */
export const pagesPlugin: FastifyPluginAsyncTypebox<PagesOptions> = async (app, opts) => {
  const { db } = opts.database;
  await app.register(cookie, { secret: opts.sessionSecret ?? ephemeralSecret() });
  await app.register(formbody, { bodyLimit: 8192 });
  app.decorateRequest('viewer', null);

  // The signed-in person of this request: the session row names an active key, whose scopes and counties
  // bind the page exactly as they bind the API (a county-bound key gets 404 for other counties' pages).
  app.addHook('onRequest', async (request) => {
    request.viewer = null;
    const raw = request.cookies[SESSION_COOKIE];
    if (!raw) return;
    const unsigned = request.unsignCookie(raw);
    if (!unsigned.valid || unsigned.value === null) return;
    const key = await keyOfSession(db, unsigned.value);
    if (!key) return;
    request.principal = principalOf(key);
    request.viewer = viewerOf(key.name, request.principal);
  });

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof SignInRequired) return reply.redirect(`/sign-in?next=${encodeURIComponent(error.next)}`, 303);
    const problem = problemOf(error instanceof Error ? error : new Error(String(error)), request, reply);
    return errorPage(reply, request, problem);
  });

  app.get('/assets/report.css', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(REPORT_CSS),
  );

  // the browser's tab icon: a small mark of the service's own (no request for it ends in a 404)
  app.get('/assets/icon.svg', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400').send(ICON_SVG),
  );

  const secure = servedOverTls(opts.publicUrl);
  await app.register(signInRoutes, { database: opts.database, sessionMs: opts.sessionMinutes * 60_000, secure });
  await app.register(landingRoutes, { database: opts.database });
  await app.register(pageRoutes, { database: opts.database });
  // A path under /reports that no page answers is a page too (the service's JSON 404 is for the API).
  await app.register(
    async (reports) => {
      reports.setNotFoundHandler((request, reply) =>
        errorPage(reply, request, { type: `${PROBLEM_BASE}not-found`, title: 'Not Found', status: 404, detail: `no page ${request.method} ${echoedUrl(request.url.split('?')[0] ?? '')}` }),
      );
    },
    { prefix: '/reports' },
  );
};
