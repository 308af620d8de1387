import { sql } from 'drizzle-orm';
import { bigserial, check, customType, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** A 64-bit transaction id (`xid8`), read as its decimal text: it can exceed a JavaScript number. */
const xid8 = customType<{ data: string; driverData: string }>({ dataType: () => 'xid8' });

/** Tokens are stored only as a sha256 hash; the token itself is shown once at creation. */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    scopes: text('scopes').array().notNull(),
    counties: text('counties').array().notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true, mode: 'date' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    check('api_keys_hash_format', sql`${t.tokenHash} ~ '^[0-9a-f]{64}$'`),
    check(
      'api_keys_scopes_known',
      sql`${t.scopes} <@ ARRAY['read','write','funding:run','audit','admin']::text[] AND cardinality(${t.scopes}) > 0`,
    ),
    check('api_keys_counties_nonempty', sql`cardinality(${t.counties}) > 0`),
  ],
);

/**
 * Append-only: a trigger refuses UPDATE and DELETE. `tx` is the writing transaction's id, so the change
 * feed can tell which events are final (docs/changes.md): it pages by (tx, id) below the oldest
 * transaction still running.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    keyId: uuid('key_id'),
    requestId: text('request_id'),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityKey: text('entity_key').notNull(),
    countyCode: text('county_code'),
    before: jsonb('before'),
    after: jsonb('after'),
    tx: xid8('tx').notNull().default(sql`pg_current_xact_id()`),
  },
  (t) => [
    check('audit_events_action', sql`${t.action} IN ('create', 'update', 'delete', 'run')`),
    index('audit_events_entity_idx').on(t.entity, t.entityKey),
    index('audit_events_county_at_idx').on(t.countyCode, t.at),
    index('audit_events_tx_id_idx').on(t.tx, t.id),
  ],
);

/**
 * Sessions of people signed in to the report pages (docs/pages.md). The browser holds a random session
 * token in a signed, HttpOnly cookie; only its sha256 is stored here, with the API key it was opened with,
 * so revoking or expiring the key ends its sessions at once, and signing out deletes the row.
 */
export const webSessions = pgTable(
  'web_sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    keyId: uuid('key_id')
      .notNull()
      .references(() => apiKeys.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [check('web_sessions_hash_format', sql`${t.tokenHash} ~ '^[0-9a-f]{64}$'`), index('web_sessions_expires_idx').on(t.expiresAt)],
);
