import { randomBytes } from 'node:crypto';
import { eq, lte } from 'drizzle-orm';
import type { Db } from '../db/connection.js';
import { apiKeys, webSessions } from '../db/schema/index.js';
import { hashToken, keyStatus, type StoredKey } from './api-keys.js';

/** A session token: 32 random bytes, base64url. Only its sha256 is stored (as for API keys). */
const newSessionToken = (): string => randomBytes(32).toString('base64url');
const SESSION_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export interface OpenedSession {
  token: string;
  expiresAt: Date;
}

/**
 * Opens a session for a key that was just checked to be active. The session never outlives its key's
 * expiry. Expired sessions of every key are removed on the way (one indexed delete), so the table stays small.
 */
export async function openSession(db: Db, key: Pick<StoredKey, 'id' | 'expiresAt'>, ttlMs: number, now = new Date()): Promise<OpenedSession> {
  const token = newSessionToken();
  const byTtl = new Date(now.getTime() + ttlMs);
  const expiresAt = key.expiresAt && key.expiresAt.getTime() < byTtl.getTime() ? key.expiresAt : byTtl;
  await db.delete(webSessions).where(lte(webSessions.expiresAt, now));
  await db.insert(webSessions).values({ tokenHash: hashToken(token), keyId: key.id, createdAt: now, expiresAt });
  return { token, expiresAt };
}

/** The key behind a session token, when the session has not expired and its key is active. */
export async function keyOfSession(db: Db, token: string, now = new Date()): Promise<StoredKey | undefined> {
  if (!SESSION_TOKEN.test(token)) return undefined;
  const [row] = await db
    .select({ key: apiKeys, expiresAt: webSessions.expiresAt })
    .from(webSessions)
    .innerJoin(apiKeys, eq(apiKeys.id, webSessions.keyId))
    .where(eq(webSessions.tokenHash, hashToken(token)))
    .limit(1);
  if (!row || row.expiresAt.getTime() <= now.getTime() || keyStatus(row.key, now) !== 'active') return undefined;
  return row.key;
}

/** Signing out: the session is gone for good, whoever still holds its cookie. */
export async function closeSession(db: Db, token: string): Promise<void> {
  if (!SESSION_TOKEN.test(token)) return;
  await db.delete(webSessions).where(eq(webSessions.tokenHash, hashToken(token)));
}
