import type { Queryable } from '../db/connection.js';
import { auditEvents } from '../db/schema/index.js';
import type { RequestContext } from './context.js';
import type { Row, RowChange } from './store/upsert.js';

const CHUNK = 1000;

export interface AuditEntry {
  action: 'create' | 'update' | 'delete' | 'run';
  entity: string;
  entityKey: string;
  countyCode: string | null;
  before: Row | null;
  after: Row | null;
}

/** Appends audit events in the caller's transaction, so an event exists exactly when its write does. */
export async function appendAudit(db: Queryable, ctx: RequestContext, entries: AuditEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += CHUNK) {
    await db.insert(auditEvents).values(
      entries.slice(i, i + CHUNK).map((e) => ({
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
}

export const changesToAudit = (
  entity: string,
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
