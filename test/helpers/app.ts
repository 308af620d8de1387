import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildApp, type AppOptions } from '../../src/app.js';
import type { NewApiKey } from '../../src/services/api-key-input.js';
import { createApiKey } from '../../src/services/api-keys.js';
import { systemContext } from '../../src/services/context.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export type Call = (method: InjectOptions['method'], url: string, body?: unknown, headers?: Record<string, string>) => Promise<Reply>;

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  /** Token of an admin key for every county, made for this app. */
  adminToken: string;
  /**
   * Sends a request as the admin key and parses a JSON answer. An `authorization` header replaces the
   * admin's; an empty one (`{ authorization: '' }`) sends none.
   */
  call: Call;
  /** The same as `call`, with another token (or none for `null`). */
  as(token: string | null): Call;
  /** Makes a key straight in the database and returns its token and id. */
  makeKey(key: Partial<NewApiKey> & { scopes: string[] }): Promise<{ token: string; id: string }>;
  close(): Promise<void>;
}

export interface Reply {
  status: number;
  headers: Record<string, unknown>;
  body: any;
  text: string;
}

/**
 * Rate limiting is off in tests unless a test asks for it (test/security/limits.test.ts). Local division
 * codes are allowed, so tests may make up counties and towns; test/reference/divisions.test.ts turns them off.
 */
export const TEST_CONFIG = { bodyLimit: 32 * 1024 * 1024, requestTimeoutMs: 60_000, rateLimitPerMinute: 0, localDivisionCodes: true };

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export async function createTestApp(options: { config?: Partial<AppOptions['config']>; database?: TestDatabase } = {}): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  const app = await buildApp({ config: { ...TEST_CONFIG, ...options.config }, database });
  await app.ready();
  const makeKey: TestApp['makeKey'] = async (key) => {
    const made = await createApiKey(
      database.db,
      { name: key.name ?? `test-${key.scopes.join('-')}`, scopes: key.scopes, counties: key.counties ?? ['*'], expiresAt: key.expiresAt ?? null },
      systemContext('test'),
    );
    return { token: made.token, id: made.key.id };
  };
  const admin = await makeKey({ name: 'test-admin', scopes: ['admin'], counties: ['*'] });
  const send =
    (token: string | null): Call =>
    async (method, url, body, headers = {}) => {
      const given = Object.keys(headers).some((h) => h.toLowerCase() === 'authorization');
      const auth: Record<string, string> = !given && token !== null ? bearer(token) : {};
      const sent = Object.fromEntries(Object.entries(headers).filter(([k, v]) => !(k.toLowerCase() === 'authorization' && v === '')));
      const res = await app.inject({
        method,
        url,
        headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...auth, ...sent },
        ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
      let parsed: unknown;
      try {
        parsed = res.body ? JSON.parse(res.body) : undefined;
      } catch {
        parsed = undefined;
      }
      return { status: res.statusCode, headers: res.headers, body: parsed, text: res.body };
    };
  return {
    app,
    database,
    adminToken: admin.token,
    call: send(admin.token),
    as: send,
    makeKey,
    async close() {
      await app.close();
      await database.destroy();
    },
  };
}
