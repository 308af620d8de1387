import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema/index.js';

/** Both drivers answer `execute()` with at least `rows`; this keeps raw SQL typed on either. */
export interface RowsResultHKT extends PgQueryResultHKT {
  type: RowsResult<this['row']>;
}
interface RowsResult<TRow> {
  rows: TRow[];
}

export type Schema = typeof schema;
export type Db = PgDatabase<RowsResultHKT, Schema>;
export type Tx = PgTransaction<RowsResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything that can run queries: the database or a transaction inside it. */
export type Queryable = Db | Tx;

export interface Database {
  kind: 'postgres' | 'pglite';
  db: Db;
  /**
   * A streaming replica of the PostgreSQL primary (DATABASE_READ_URL), read by computed answers when it is
   * new enough (src/services/read-routing.ts); absent, every read goes to `db`. Never written to.
   */
  replica?: Db;
  /** Cheap round trip used by /ready: the primary's (a replica that is down only sends its reads to the primary). */
  ping(): Promise<void>;
  /** Closes the primary's connections and the replica's. */
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl?: string | undefined;
  /** A read replica of `databaseUrl` (PostgreSQL only): a second pool of the same size and statement timeout. */
  readDatabaseUrl?: string | undefined;
  /** PGlite data directory; `undefined` means in memory. */
  dataDir?: string | undefined;
  poolSize?: number;
  /** PostgreSQL cancels statements running longer (ms); its transaction rolls back. 0 or unset: no limit. */
  statementTimeoutMs?: number;
  /** Told when a pooled connection fails between statements (the pool replaces it). */
  onConnectionError?: (error: Error) => void;
  /** A migrated PGlite data directory to start from (tests start from a template). */
  loadDataDir?: Blob | File;
}

/** A pool of PostgreSQL connections and the drizzle database over it. */
function openPool(connectionString: string, options: DatabaseOptions): { db: Db; pool: pg.Pool } {
  const pool = new pg.Pool({
    connectionString,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
  });
  const report = options.onConnectionError ?? (() => {});
  // An idle client that loses its connection emits 'error' on the pool; without a listener the
  // process would crash. The next query gets a fresh connection, and /ready reports the outage.
  pool.on('error', report);
  // The pool removes its own listener from a client while it is checked out (a transaction holds one),
  // so a connection killed between two statements would emit an unhandled 'error'. Every client gets a
  // listener of its own: the statement in flight still fails (503) and the pool drops the client.
  pool.on('connect', (client) => client.on('error', report));
  return { db: drizzlePg({ client: pool, schema }) as unknown as Db, pool };
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) {
    const primary = openPool(options.databaseUrl, options);
    // Opened without connecting: a replica that is down at start-up only sends its reads to the primary.
    const replica = options.readDatabaseUrl ? openPool(options.readDatabaseUrl, options) : undefined;
    return {
      kind: 'postgres',
      db: primary.db,
      ...(replica ? { replica: replica.db } : {}),
      ping: async () => {
        await primary.pool.query('SELECT 1');
      },
      close: async () => {
        await Promise.all([primary.pool.end(), replica?.pool.end()]);
      },
    };
  }
  if (options.readDatabaseUrl) throw new Error('a read replica needs a PostgreSQL primary (databaseUrl)');
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const client = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    ping: async () => {
      await client.query('SELECT 1');
    },
    close: () => client.close(),
  };
}
