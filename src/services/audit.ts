import { and, asc, count, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../db/connection.js';
import type { AuditEntity } from '../schemas/access.js';
import { auditEvents } from '../db/schema/index.js';
import type { RequestContext } from './context.js';
import type { Row, RowChange } from './store/upsert.js';

export interface AuditEntry {
  action: 'create' | 'update' | 'delete' | 'run';
  entity: AuditEntity;
  entityKey: string;
  countyCode: string | null;
  before: Row | null;
  after: Row | null;
}

/** Events per statement: a bulk load of any size writes its trail in a handful of statements. */
const AUDIT_CHUNK = 5000;

/**
 * Appends audit events in the caller's transaction, so an event exists exactly when its write does. One
 * statement per chunk with the events as one JSON document (`json_to_recordset`): the rows' before and
 * after images are serialized once, natively, instead of once each and then again escaped into an array
 * literal, and PostgreSQL parses one document instead of thousands of array elements.
 */
export async function appendAudit(db: Queryable, ctx: RequestContext, entries: AuditEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += AUDIT_CHUNK) {
    const chunk = entries.slice(i, i + AUDIT_CHUNK);
    const events = JSON.stringify(
      chunk.map((e) => ({ a: e.action, e: e.entity, k: e.entityKey, c: e.countyCode, b: e.before, f: e.after })),
    );
    await db.execute(sql`
      INSERT INTO audit_events (key_id, request_id, action, entity, entity_key, county_code, before, after)
      SELECT ${ctx.keyId}::uuid, ${ctx.requestId}::text, x.a, x.e, x.k, x.c, x.b, x.f
        FROM json_to_recordset(${events}::json) AS x(a text, e text, k text, c text, b jsonb, f jsonb)`);
  }
}

export const changesToAudit = (
  entity: AuditEntity,
  changes: RowChange[],
  countyOf: (row: Row) => string | null,
): AuditEntry[] =>
  changes.map((c) => ({
    action: c.before ? 'update' : 'create',
    entity,
    entityKey: c.key.join('/'),
    countyCode: countyOf(c.after),
    before: c.before,
    after: c.after,
  }));

export interface AuditQuery {
  entity?: AuditEntity;
  entityKey?: string;
  keyId?: string;
  countyCode?: string;
  requestId?: string;
  action?: AuditEntry['action'];
  from?: Date;
  to?: Date;
  limit: number;
  offset: number;
}

export interface AuditEventView {
  id: number;
  at: string;
  keyId: string | null;
  requestId: string | null;
  action: string;
  entity: string;
  entityKey: string;
  countyCode: string | null;
  before: unknown;
  after: unknown;
}

/**
 * The audit trail, oldest first, filtered by entity, entity key, API key, county, request and time
 * (`from` inclusive, `to` exclusive). A county-bound caller sees only events of its counties; events of
 * no county (teachers, API keys) only an unbound one. There is no way to change or remove an event.
 */
export async function queryAudit(db: Db, query: AuditQuery, counties: RequestContext['counties']) {
  const visible =
    counties === '*' ? undefined : counties.size === 0 ? sql`false` : inArray(auditEvents.countyCode, [...counties]);
  const where = and(
    visible,
    query.entity ? eq(auditEvents.entity, query.entity) : undefined,
    query.entityKey ? eq(auditEvents.entityKey, query.entityKey) : undefined,
    query.keyId ? eq(auditEvents.keyId, query.keyId) : undefined,
    query.countyCode ? eq(auditEvents.countyCode, query.countyCode) : undefined,
    query.requestId ? eq(auditEvents.requestId, query.requestId) : undefined,
    query.action ? eq(auditEvents.action, query.action) : undefined,
    query.from ? gte(auditEvents.at, query.from) : undefined,
    query.to ? lt(auditEvents.at, query.to) : undefined,
  );
  const [rows, [counted]] = await Promise.all([
    db.select().from(auditEvents).where(where).orderBy(asc(auditEvents.id)).limit(query.limit).offset(query.offset),
    db.select({ total: count() }).from(auditEvents).where(where),
  ]);
  const items: AuditEventView[] = rows.map((r) => ({
    id: Number(r.id),
    at: r.at.toISOString(),
    keyId: r.keyId,
    requestId: r.requestId,
    action: r.action,
    entity: r.entity,
    entityKey: r.entityKey,
    countyCode: r.countyCode,
    before: r.before ?? null,
    after: r.after ?? null,
  }));
  return { items, total: counted?.total ?? 0, limit: query.limit, offset: query.offset };
}
