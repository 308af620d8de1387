import { and, asc, count, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../db/connection.js';
import type { AuditEntity } from '../schemas/access.js';
import { auditEvents } from '../db/schema/index.js';
import type { RequestContext } from './context.js';
import { insertUnnest } from './store/unnest.js';
import type { Row, RowChange } from './store/upsert.js';

export interface AuditEntry {
  action: 'create' | 'update' | 'delete' | 'run';
  entity: AuditEntity;
  entityKey: string;
  countyCode: string | null;
  before: Row | null;
  after: Row | null;
}

/** Appends audit events in the caller's transaction, so an event exists exactly when its write does. */
export async function appendAudit(db: Queryable, ctx: RequestContext, entries: AuditEntry[]): Promise<void> {
  await insertUnnest(
    db,
    auditEvents,
    entries.map((e) => ({
      keyId: ctx.keyId,
      requestId: ctx.requestId,
      action: e.action,
      entity: e.entity,
      entityKey: e.entityKey,
      countyCode: e.countyCode,
      before: e.before,
      after: e.after,
    })),
  );
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
