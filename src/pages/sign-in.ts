import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Database } from '../db/connection.js';
import { hasScope, principalOf } from '../plugins/auth.js';
import { findKeyByToken, keyStatus, MAX_TOKEN_LENGTH } from '../services/api-keys.js';
import { closeSession, openSession } from '../services/web-sessions.js';
import { html } from './html.js';
import { layout } from './layout.js';
import { assertSameOrigin, SESSION_COOKIE, safeNext, sendPage } from './session.js';

interface SignInOptions {
  database: Database;
  sessionMs: number;
  /** The cookie is sent only over https when the service is reached over TLS (PUBLIC_URL https://…). */
  secure: boolean;
}

const SignInQuery = Type.Object({ next: Type.Optional(Type.String({ maxLength: 300 })) });
const SignInBody = Type.Object({
  token: Type.String({ maxLength: MAX_TOKEN_LENGTH + 64 }),
  next: Type.Optional(Type.String({ maxLength: 300 })),
});

function signInPage(request: FastifyRequest, next: string, error?: string) {
  const body = html`<section class="card"><h1>登录</h1>
    <p>粘贴一个 API 密钥（以 <code>edu_</code> 开头，或部署时设置的管理员令牌）即可查看报告。密钥只用于本次登录：
    浏览器只保存一个会话 Cookie，不保存密钥本身；限定县的密钥只能看到本县的报告。</p>
    ${error ? html`<p class="error-box" role="alert">${error}</p>` : null}
    <form class="sign-in" method="post" action="/sign-in">
      <label for="token">API 密钥</label>
      <input id="token" name="token" type="password" autocomplete="off" required maxlength="${MAX_TOKEN_LENGTH}">
      <input type="hidden" name="next" value="${next}">
      <button type="submit">登录</button>
    </form>
    <p class="note">首次启动时，管理员令牌写在数据目录的 <code>admin-token</code> 文件里（见 README）。</p></section>`;
  return layout({ title: '登录', viewer: request.viewer, crumbs: [{ label: '首页', href: '/' }, { label: '登录' }], body });
}

/** GET/POST /sign-in and POST /sign-out. */
export const signInRoutes: FastifyPluginAsyncTypebox<SignInOptions> = async (app, opts) => {
  const { db } = opts.database;

  const refuse = (request: FastifyRequest, reply: FastifyReply, next: string, status: number, message: string) =>
    sendPage(reply, signInPage(request, next, message), status);

  app.get('/sign-in', { schema: { hide: true, querystring: SignInQuery } }, async (request, reply) =>
    sendPage(reply, signInPage(request, safeNext(request.query.next))),
  );

  app.post(
    '/sign-in',
    // Guessing is hopeless for generated tokens; the limit (when rate limiting is on) also slows guesses at a short bootstrap token.
    { schema: { hide: true, body: SignInBody }, config: { rateLimit: { max: 20, timeWindow: 60_000 } } },
    async (request, reply) => {
      assertSameOrigin(request);
      const next = safeNext(request.body.next);
      const token = request.body.token.trim();
      if (token === '') return refuse(request, reply, next, 400, '请填写 API 密钥。');
      const key = token.length <= MAX_TOKEN_LENGTH ? await findKeyByToken(db, token) : undefined;
      const status = key ? keyStatus(key) : undefined;
      if (!key || status !== 'active') {
        request.log.info({ keyId: key?.id, status }, 'report sign-in refused');
        const why = status === 'revoked' ? '该密钥已被吊销。' : status === 'expired' ? '该密钥已过期。' : '密钥无效。';
        return refuse(request, reply, next, 401, why);
      }
      if (!hasScope(principalOf(key), 'read')) return refuse(request, reply, next, 403, '该密钥没有 read 权限，不能查看报告。');
      const session = await openSession(db, key, opts.sessionMs);
      request.log.info({ keyId: key.id }, 'report sign-in');
      reply.setCookie(SESSION_COOKIE, session.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: opts.secure,
        signed: true,
        expires: session.expiresAt,
      });
      return reply.redirect(next, 303);
    },
  );

  app.post('/sign-out', { schema: { hide: true } }, async (request, reply) => {
    assertSameOrigin(request);
    const raw = request.cookies[SESSION_COOKIE];
    const unsigned = raw ? request.unsignCookie(raw) : undefined;
    if (unsigned?.valid && unsigned.value) await closeSession(db, unsigned.value);
    reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: opts.secure, signed: true });
    return reply.redirect('/sign-in', 303);
  });
};
