import { sql, type SQL } from 'drizzle-orm';
import type { Db, Queryable } from '../db/connection.js';
import type { AuditEntity } from '../schemas/access.js';
import { CHANGE_ENTITIES, type ChangeEntity } from '../schemas/changes.js';
import type { RequestContext } from './context.js';
import { ServiceError } from './errors.js';

/**
 * The change feed (docs/changes.md): the audit trail's data events, paged by (tx, id) below the oldest
 * transaction still running, so a page holds only final events and a change that commits later always
 * sorts after the page.
 */

/** The audit entity behind each collection name of the feed; API keys and other non-data events are left out. */
const AUDIT_ENTITY: Readonly<Record<ChangeEntity, AuditEntity>> = {
  counties: 'county',
  towns: 'town',
  schools: 'school',
  schoolYears: 'school-year',
  classes: 'class',
  teachers: 'teacher',
  teacherYears: 'teacher-year',
  countyFacts: 'county-facts',
  policies: 'policy-profile',
  countyYearPolicies: 'county-year-policy',
  fundingRuns: 'funding-run',
  tasks: 'plan-task',
};
const FEED_ENTITY = new Map<string, ChangeEntity>(CHANGE_ENTITIES.map((name) => [AUDIT_ENTITY[name], name]));

/**
 * Events looked at per request, whatever the filters keep: a county-bound key far behind in a province's
 * log gets pages with few or no items, each cheap, and a cursor that moves on.
 */
const SCAN_BUDGET = 20_000;

const MAX_BIGINT = 2n ** 63n - 1n;

export interface ChangeQuery {
  since?: string | undefined;
  limit: number;
  countyCode?: string | undefined;
  entity?: ChangeEntity | undefined;
}

export interface ChangeItem {
  changeVersion: string;
  entity: ChangeEntity;
  key: string;
  countyCode: string | null;
  operation: 'upsert' | 'delete';
  at: string;
}

export interface ChangePage {
  items: ChangeItem[];
  nextCursor: string;
  hasMore: boolean;
}

/** A position in the log: after event `id` of transaction `tx`; `check` ties it to that event's time. */
interface Position {
  tx: bigint;
  id: bigint;
  check: string;
}

const BEGINNING: Position = { tx: 0n, id: 0n, check: '00000000' };
const isBeginning = (p: Position) => p.tx === 0n && p.id === 0n;

/** Fixed-width lowercase hex, so that cursors compare as text in the order of the log. */
export const formatCursor = (p: Position): string =>
  `${p.tx.toString(16).padStart(16, '0')}.${p.id.toString(16).padStart(16, '0')}.${p.check}`;

/** Reads a cursor the schema has let through (its shape); an id beyond bigint is a 400 like any bad value. */
export function parseCursor(text: string): Position {
  const [tx, id, check] = text.split('.') as [string, string, string];
  const position = { tx: BigInt(`0x${tx}`), id: BigInt(`0x${id}`), check };
  if (position.id > MAX_BIGINT || (isBeginning(position) && check !== BEGINNING.check)) {
    throw new ServiceError(400, 'validation', 'Validation failed', '1 problem(s) in the query string', [
      { in: 'query', pointer: '/since', message: 'is not a cursor this service hands out' },
    ]);
  }
  return position;
}

/**
 * The check of an event: the low 32 bits of its time in microseconds. A cursor names its event by (tx, id)
 * and this; a database restored to an earlier point can reuse a (tx, id), hardly with the same instant.
 */
const checkOf = (alias: string) =>
  sql.raw(`lpad(to_hex(((extract(epoch FROM ${alias}.at) * 1000000)::bigint) & 4294967295), 8, '0')`);

/** Every event after the position whose transaction has finished, in log order, at most the scan budget. */
const finalAfter = (p: Position, columns: SQL) => sql`
  SELECT ${columns} FROM audit_events
   WHERE tx < pg_snapshot_xmin(pg_current_snapshot())
     AND (tx, id) > (${p.tx.toString()}::xid8, ${p.id.toString()}::bigint)
   ORDER BY tx, id
   LIMIT ${SCAN_BUDGET}`;

/**
 * Which events the caller gets: data entities only (or the one asked for), and for a county-bound key or a
 * `countyCode` filter those of the counties in question. A record that leaves one of them (a school or town
 * moved to another county, a teacher-year moved to a school elsewhere) counts for both, so the county it
 * left learns of it too. A teacher's when it has a teacher-year at a school of one of them now (teachers
 * have no county of their own); custom policy profiles, which every key may read, unless a county is asked for.
 */
function visibleEvents(query: ChangeQuery, counties: RequestContext['counties']): SQL {
  const entities = query.entity ? [AUDIT_ENTITY[query.entity]] : CHANGE_ENTITIES.map((name) => AUDIT_ENTITY[name]);
  const ofEntity = sql`e.entity = ANY(${sql.param(entities)}::text[])`;
  if (counties === '*' && query.countyCode === undefined) return ofEntity;
  const bound = counties === '*' ? undefined : counties;
  const scope = query.countyCode === undefined ? [...(bound ?? [])] : bound && !bound.has(query.countyCode) ? [] : [query.countyCode];
  const inScope = sql.param(scope);
  const policies = query.countyCode === undefined ? sql`e.entity = 'policy-profile'` : sql`false`;
  return sql`${ofEntity} AND (
    e.county_code = ANY(${inScope}::text[])
    OR (e.entity IN ('school', 'town') AND e.before ->> 'countyCode' = ANY(${inScope}::text[]))
    OR (e.entity = 'teacher-year' AND e.before ->> 'schoolCode' IN (SELECT school_code FROM schools WHERE county_code = ANY(${inScope}::text[])))
    OR (e.entity = 'teacher' AND EXISTS (
          SELECT 1 FROM teacher_years ty JOIN schools s ON s.school_code = ty.school_code
           WHERE ty.staff_code = e.entity_key AND s.county_code = ANY(${inScope}::text[])))
    OR ${policies})`;
}

interface EventRow extends Record<string, unknown> {
  tx: string;
  id: string;
  check: string;
  at: Date | string;
  action: string;
  entity: string;
  entity_key: string;
  county_code: string | null;
}

const positionOf = (row: { tx: string; id: string; check: string }): Position => ({ tx: BigInt(row.tx), id: BigInt(row.id), check: row.check });

function itemOf(row: EventRow): ChangeItem {
  const entity = FEED_ENTITY.get(row.entity);
  if (!entity) throw new Error(`audit entity ${row.entity} is not in the change feed`);
  return {
    changeVersion: formatCursor(positionOf(row)),
    entity,
    key: row.entity_key,
    countyCode: row.county_code,
    operation: row.action === 'delete' ? 'delete' : 'upsert',
    at: new Date(row.at).toISOString(),
  };
}

/**
 * Refuses a cursor that names no event of this log (410: a restore to an earlier point, or another
 * database), and a log whose transaction ids are ahead of the database's own (503: a logical restore into
 * a cluster whose transaction counter is behind; nothing it writes would sort after the old events).
 */
async function assertConsistent(db: Queryable, since: Position): Promise<void> {
  const named = isBeginning(since)
    ? sql`NULL::text`
    : sql`(SELECT ${checkOf('e')} FROM audit_events e WHERE e.id = ${since.id.toString()}::bigint AND e.tx = ${since.tx.toString()}::xid8)`;
  const { rows } = await db.execute<{ ahead: boolean | null; named: string | null }>(sql`
    SELECT (SELECT tx >= pg_snapshot_xmax(pg_current_snapshot()) FROM audit_events ORDER BY tx DESC, id DESC LIMIT 1) AS ahead,
           ${named} AS named`);
  const [state] = rows;
  if (state?.ahead === true) {
    throw new ServiceError(
      503,
      'change-log-ahead',
      'Service Unavailable',
      'the change log holds transaction ids ahead of this database (restored from a logical dump?); see docs/changes.md, "Restores"',
    );
  }
  if (!isBeginning(since) && state?.named !== since.check) {
    throw new ServiceError(
      410,
      'cursor-gone',
      'Gone',
      'the cursor names a change this database does not hold (restored to an earlier point, or another database): read the data again and follow the feed without `since`',
    );
  }
}

/**
 * One page of the change feed for a caller bound to `counties`. The statements share one snapshot
 * (repeatable read), so the horizon the page is cut at and the rows it holds agree.
 */
export async function readChanges(db: Db, query: ChangeQuery, counties: RequestContext['counties']): Promise<ChangePage> {
  const since = query.since === undefined ? BEGINNING : parseCursor(query.since);
  return db.transaction(
    async (tx) => {
      await assertConsistent(tx, since);
      const { rows } = await tx.execute<EventRow>(sql`
        SELECT e.tx::text AS tx, e.id::text AS id, ${checkOf('e')} AS check, e.at, e.action, e.entity, e.entity_key, e.county_code
          FROM (${finalAfter(since, sql`*`)}) e
         WHERE ${visibleEvents(query, counties)}
         ORDER BY e.tx, e.id
         LIMIT ${query.limit}`);
      const items = rows.map(itemOf);
      const last = rows.at(-1);
      if (last && rows.length === query.limit) return { items, nextCursor: formatCursor(positionOf(last)), hasMore: true };
      // The page is not full: every final event up to the last one looked at has been through the filters,
      // so the cursor moves on to that one (a position of the log, kept or not).
      const { rows: scanned } = await tx.execute<{ tx: string; id: string; check: string; scanned: number }>(sql`
        WITH s AS (${finalAfter(since, sql`tx, id`)})
        SELECT l.tx::text AS tx, l.id::text AS id, ${checkOf('e')} AS check, (SELECT count(*) FROM s)::int AS scanned
          FROM (SELECT tx, id FROM s ORDER BY tx DESC, id DESC LIMIT 1) l
          JOIN audit_events e ON e.id = l.id`);
      const end = scanned[0];
      if (!end) return { items, nextCursor: formatCursor(since), hasMore: false };
      return { items, nextCursor: formatCursor(positionOf(end)), hasMore: Number(end.scanned) >= SCAN_BUDGET };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}
