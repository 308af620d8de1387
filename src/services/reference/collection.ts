import type { Queryable } from '../../db/connection.js';
import type { AuditEntity } from '../../schemas/access.js';
import type { BulkCollection } from '../../schemas/bulk.js';
import type { RequestContext } from '../context.js';
import type { Row, RowChange, TableSpec } from '../store/upsert.js';

/** A problem with one item of a collection; `pointer` is relative to that item. */
export interface ItemIssue {
  index: number;
  pointer: string;
  message: string;
}

/**
 * One kind of reference record, as the single-record routes and the bulk load both write it:
 * how it maps to its table, which rules beyond the JSON schema it must satisfy, and which county it
 * belongs to (for the audit trail and, later, county-bound keys).
 */
export interface Collection<TItem> {
  name: BulkCollection;
  /** Singular name used in messages and audit events. */
  entity: AuditEntity;
  spec: TableSpec;
  keyFields: readonly string[];
  /** Fields naming a record of another collection (or of this one) by its one-part key. */
  references?: readonly { field: string; collection: BulkCollection }[];
  toRow(item: TItem): Row;
  fromRow(row: Row): Record<string, unknown>;
  /**
   * Checks against stored records (references, kinds, stages) and the division data; run after earlier
   * collections are written. `ctx` says whether codes outside the division data are allowed.
   */
  validate(db: Queryable, items: TItem[], ctx: RequestContext): Promise<ItemIssue[]>;
  /** Writes what the stored changes bring with them (a new county's towns), in the same transaction. */
  afterWrite?(db: Queryable, changes: RowChange[], ctx: RequestContext): Promise<void>;
  counties(db: Queryable, rows: Row[]): Promise<(string | null)[]>;
}

export const issue = (index: number, pointer: string, message: string): ItemIssue => ({ index, pointer, message });

/** A stored row as answered: null columns left out, so optional fields are absent rather than null. */
export function withoutNulls<T extends Record<string, unknown>>(row: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) if (v !== null && v !== undefined) out[k] = v instanceof Date ? v.toISOString() : v;
  return out as T;
}
