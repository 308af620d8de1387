import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { and, asc, count, eq, gt, isNull, or, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../db/connection.js';
import { apiKeys } from '../db/schema/index.js';
import { type ApiScope, checkNewKey, type NewApiKey } from './api-key-input.js';
import { appendAudit } from './audit.js';
import { systemContext, type RequestContext } from './context.js';
import { conflict, notFound, unprocessable } from './errors.js';
import type { Row } from './store/upsert.js';


/** Every token starts with this, so a leaked one is easy to recognise (and to scan for in repositories). */
export const TOKEN_PREFIX = 'edu_';
/** Longest Authorization token looked up at all; anything longer is refused without a query. */
export const MAX_TOKEN_LENGTH = 512;

/** 32 random bytes, base64url: 256 bits, so guessing is hopeless and a hash lookup is a safe comparison. */
export const generateToken = (): string => `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;

/** Only this hash is stored; the token itself is shown once, when the key is made. */
export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');


export interface ApiKeyView {
  id: string;
  name: string;
  scopes: ApiScope[];
  counties: string[];
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdAt: string;
  status: 'active' | 'expired' | 'revoked';
}

export type StoredKey = typeof apiKeys.$inferSelect;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function keyStatus(key: Pick<StoredKey, 'expiresAt' | 'revokedAt'>, now = new Date()): ApiKeyView['status'] {
  if (key.revokedAt) return 'revoked';
  if (key.expiresAt && key.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'active';
}

export const viewOf = (key: StoredKey): ApiKeyView => ({
  id: key.id,
  name: key.name,
  scopes: key.scopes as ApiScope[],
  counties: key.counties,
  expiresAt: iso(key.expiresAt),
  lastUsedAt: iso(key.lastUsedAt),
  revokedAt: iso(key.revokedAt),
  createdAt: key.createdAt.toISOString(),
  status: keyStatus(key),
});

/** What the audit trail keeps of a key: everything but the hash (and never the token). */
const auditRow = (key: StoredKey): Row => {
  const { tokenHash: _hash, lastUsedAt: _used, ...rest } = key;
  return rest as unknown as Row;
};

/** Makes a key and returns its token, which is not stored and cannot be shown again. */
export async function createApiKey(
  db: Db,
  input: NewApiKey,
  ctx: RequestContext,
  token: string = generateToken(),
): Promise<{ key: ApiKeyView; token: string }> {
  const issues = checkNewKey(input);
  if (issues.length > 0) throw unprocessable(issues, 'the key cannot be made');
  const stored = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({
        name: input.name,
        tokenHash: hashToken(token),
        scopes: [...input.scopes],
        counties: [...input.counties],
        expiresAt: input.expiresAt ?? null,
      })
      .returning();
    if (!row) throw new Error('api key insert returned nothing');
    await appendAudit(tx, ctx, [
      { action: 'create', entity: 'api-key', entityKey: row.id, countyCode: null, before: null, after: auditRow(row) },
    ]);
    return row;
  });
  return { key: viewOf(stored), token };
}

export async function listApiKeys(db: Db, page: { limit: number; offset: number; includeRevoked: boolean }) {
  const where = page.includeRevoked ? undefined : isNull(apiKeys.revokedAt);
  const [rows, [counted]] = await Promise.all([
    db.select().from(apiKeys).where(where).orderBy(asc(apiKeys.createdAt), asc(apiKeys.id)).limit(page.limit).offset(page.offset),
    db.select({ total: count() }).from(apiKeys).where(where),
  ]);
  return { items: rows.map(viewOf), total: counted?.total ?? 0, limit: page.limit, offset: page.offset };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function storedKey(db: Queryable, id: string): Promise<StoredKey | undefined> {
  if (!UUID.test(id)) return undefined;
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, id)).limit(1);
  return row;
}

export async function getApiKey(db: Db, id: string): Promise<ApiKeyView> {
  const row = await storedKey(db, id);
  if (!row) throw notFound(`api key ${id}`);
  return viewOf(row);
}

/** An admin key for every county: the only kind that may manage keys (`/v1/api-keys`), as the auth plugin reads it. */
export const isKeyManager = (key: Pick<StoredKey, 'scopes' | 'counties'>): boolean => key.scopes.includes('admin') && key.counties.includes('*');

/** SQL for "an unrevoked, unexpired admin key for every county" at `now`. */
const activeKeyManager = (now: Date) =>
  and(
    isNull(apiKeys.revokedAt),
    or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, now)),
    sql`'admin' = ANY(${apiKeys.scopes})`,
    sql`'*' = ANY(${apiKeys.counties})`,
  );

/** How many keys could manage keys right now; with none, only `npm run key:create -- --admin` helps. */
export async function countActiveKeyManagers(db: Queryable, now = new Date()): Promise<number> {
  const [row] = await db.select({ n: count() }).from(apiKeys).where(activeKeyManager(now));
  return row?.n ?? 0;
}

/**
 * Revokes a key for good: it answers 401 from the next request on. Revoking a revoked key changes nothing.
 * Keys are never deleted, so the audit trail's key ids keep pointing at something.
 *
 * The last active admin key for every county is not revoked (409): without one no key can be made or
 * revoked through the API any more. Every revocation first locks the rows of the active admin keys, so of
 * two concurrent revocations of the last two, the second waits for the first, then sees one key left.
 */
export async function revokeApiKey(db: Db, id: string, ctx: RequestContext): Promise<ApiKeyView> {
  const view = await db.transaction(async (tx) => {
    if (!UUID.test(id)) throw notFound(`api key ${id}`);
    const now = new Date();
    // Ordered, so concurrent revocations lock the same rows in the same order and cannot deadlock.
    const managers = await tx.select({ id: apiKeys.id }).from(apiKeys).where(activeKeyManager(now)).orderBy(asc(apiKeys.id)).for('update');
    const before = await storedKey(tx, id);
    if (!before) throw notFound(`api key ${id}`);
    if (before.revokedAt) return viewOf(before);
    if (managers.length === 1 && managers[0]?.id === id)
      throw conflict(
        `api key ${id} is the last active admin key for every county; revoking it would leave no key that can manage keys. ` +
          'Make another admin key for every county first, then revoke this one.',
      );
    const [after] = await tx.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, id)).returning();
    if (!after) throw notFound(`api key ${id}`);
    await appendAudit(tx, ctx, [
      { action: 'update', entity: 'api-key', entityKey: id, countyCode: null, before: auditRow(before), after: auditRow(after) },
    ]);
    return viewOf(after);
  });
  forgetCachedKey(db, id);
  return view;
}

/** The key a token belongs to, whatever its state; one indexed lookup by hash. */
export async function findKeyByToken(db: Db, token: string): Promise<StoredKey | undefined> {
  if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) return undefined;
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.tokenHash, hashToken(token))).limit(1);
  return row;
}

/**
 * How long a key looked up by token is reused before it is read again. Every authenticated request
 * would otherwise cost a database round trip before its own query. Revocation through this process
 * drops the cached key at once; every other instance refuses the key at most this long after the
 * revocation committed (docs/deployment.md, "Revoking a key"). Expiry is checked on every request
 * against the cached `expiresAt`, so it is exact.
 */
export const KEY_CACHE_MS = 10_000;
const KEY_CACHE_MAX = 10_000;
const keyCaches = new WeakMap<Db, Map<string, { key: StoredKey | undefined; readAt: number }>>();

function cacheOf(db: Db) {
  let cache = keyCaches.get(db);
  if (!cache) keyCaches.set(db, (cache = new Map()));
  return cache;
}

/**
 * findKeyByToken through the per-database cache (unknown tokens are cached too, briefly, as undefined).
 * An entry is dated `now`, taken before the read: a read that began before a revocation committed is
 * still dropped KEY_CACHE_MS after its start, so the window is bounded whatever the read waited for.
 */
export async function findKeyByTokenCached(db: Db, token: string, now = Date.now()): Promise<StoredKey | undefined> {
  if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) return undefined;
  const cache = cacheOf(db);
  const hash = hashToken(token);
  const hit = cache.get(hash);
  if (hit && now - hit.readAt < KEY_CACHE_MS) return hit.key;
  const key = await findKeyByToken(db, token);
  if (cache.size >= KEY_CACHE_MAX) cache.clear();
  cache.set(hash, { key, readAt: now });
  return key;
}

function forgetCachedKey(db: Db, id: string): void {
  const cache = keyCaches.get(db);
  if (!cache) return;
  for (const [hash, entry] of cache) if (!entry.key || entry.key.id === id) cache.delete(hash);
}

/** Records use without an audit event (it is bookkeeping, not a change of the key). */
export async function touchApiKey(db: Db, id: string, at = new Date()): Promise<void> {
  await db.update(apiKeys).set({ lastUsedAt: at }).where(eq(apiKeys.id, id));
  for (const entry of keyCaches.get(db)?.values() ?? []) if (entry.key?.id === id) entry.key = { ...entry.key, lastUsedAt: at };
}

export const ADMIN_TOKEN_FILE = 'admin-token';

/**
 * Turns the key of `BOOTSTRAP_ADMIN_TOKEN` back into what that variable promises: an unrevoked admin key
 * for every county without expiry. Audited as an update by the start-up.
 */
async function restoreBootstrapKey(db: Db, before: StoredKey, ctx: RequestContext): Promise<StoredKey> {
  const after = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiKeys)
      .set({ revokedAt: null, expiresAt: null, scopes: ['admin'], counties: ['*'] })
      .where(eq(apiKeys.id, before.id))
      .returning();
    if (!row) throw new Error(`api key ${before.id} vanished during start-up`);
    await appendAudit(tx, ctx, [
      { action: 'update', entity: 'api-key', entityKey: row.id, countyCode: null, before: auditRow(before), after: auditRow(row) },
    ]);
    return row;
  });
  forgetCachedKey(db, before.id);
  return after;
}

/**
 * docs/api.md: with `BOOTSTRAP_ADMIN_TOKEN` an admin key with that token exists after start-up; without it,
 * an empty key table gets a generated admin key whose token is logged once and written to
 * `<dataDir>/admin-token` (mode 0600).
 *
 * The variable is the operator's standing statement that this token is an admin for every county, so a
 * key of that token that was revoked (or otherwise changed) is re-activated at start-up, with a warning and
 * an audit event: restarting with the variable set is a way back in after a lock-out. To retire the token
 * for good, unset or change the variable before revoking its key.
 */
export async function ensureBootstrapAdmin(
  db: Db,
  options: { token: string | undefined; dataDir: string },
  logger: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void },
): Promise<{ created: boolean; reactivated?: boolean; keyId: string; tokenFile?: string }> {
  const ctx = systemContext('bootstrap');
  const admin = { name: 'bootstrap-admin', scopes: ['admin'], counties: ['*'] };
  if (options.token) {
    const existing = await findKeyByToken(db, options.token);
    if (existing) {
      const status = keyStatus(existing);
      if (status === 'active' && isKeyManager(existing) && !existing.expiresAt) return { created: false, keyId: existing.id };
      await restoreBootstrapKey(db, existing, ctx);
      logger.warn(
        { keyId: existing.id, was: { status, scopes: existing.scopes, counties: existing.counties } },
        'the BOOTSTRAP_ADMIN_TOKEN key was not an active admin key for every county: re-activated it ' +
          '(unset or change BOOTSTRAP_ADMIN_TOKEN to retire that token)',
      );
      return { created: false, reactivated: true, keyId: existing.id };
    }
    const { key } = await createApiKey(db, admin, ctx, options.token);
    logger.info({ keyId: key.id }, 'admin key for BOOTSTRAP_ADMIN_TOKEN created');
    return { created: true, keyId: key.id };
  }
  const [row] = await db.select({ n: count() }).from(apiKeys);
  if ((row?.n ?? 0) > 0) {
    if ((await countActiveKeyManagers(db)) === 0)
      logger.warn(
        {},
        'no active admin key for every county: keys cannot be managed through the API. Make one with ' +
          '`npm run key:create -- --admin --name <name>` (PGlite: with the server stopped) or set BOOTSTRAP_ADMIN_TOKEN',
      );
    return { created: false, keyId: '' };
  }
  const { key, token } = await createApiKey(db, admin, ctx);
  mkdirSync(options.dataDir, { recursive: true });
  const tokenFile = path.join(options.dataDir, ADMIN_TOKEN_FILE);
  writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });
  chmodSync(tokenFile, 0o600);
  // docs/api.md: shown once, here; the file keeps it for the operator.
  logger.warn({ keyId: key.id, tokenFile, token }, 'no API keys existed: created an admin key; its token is shown only this once');
  return { created: true, keyId: key.id, tokenFile };
}
