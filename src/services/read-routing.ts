// Which database a computed answer is read from (docs/deployment.md, "Read replicas"): the streaming replica
// of DATABASE_READ_URL when it is up and at least as new as the client asks, else the primary. "New" is the
// database's data version: the sum of every counter of data_versions (src/db/schema/versions.ts). Counters
// only grow and a replica replays the primary's commits in order, so the sum read on a replica never goes
// down and reaches the primary's once the replica has replayed what the primary had committed.

import { sql } from 'drizzle-orm';
import type { Db, Queryable } from '../db/connection.js';
import { isConnectionError, pgError } from './db-errors.js';
import { ServiceError } from './errors.js';

export type ReadSource = 'primary' | 'replica';

/** Why a read meant for the replica went to the primary. */
export type FallbackReason = 'lag' | 'error';

/** Where a read runs: the database, which one it is, and the data version it had when the read began. */
export interface ReadOn {
  db: Queryable;
  source: ReadSource;
  dataVersion: string;
}

export interface ReadRouterOptions {
  primary: Db;
  replica?: Db | undefined;
  /**
   * After a connection failure the replica is left alone this long (ms): reads go straight to the primary
   * instead of each waiting for a connection attempt to fail. Failures of a statement (a query cancelled by
   * a recovery conflict) do not rest it.
   */
  restMs?: number;
  /** The time resting is measured by (ms since the epoch; Date.now when unset): tests move it on. */
  clock?: () => number;
}

/** Hears why a read went to the primary instead of the replica (the error, when the replica failed). */
export type Told = (reason: FallbackReason, error: unknown) => void;

export interface ReadCounts {
  reads: Record<ReadSource, number>;
  fallbacks: Record<FallbackReason, number>;
}

/**
 * The database's data version: the sum of every counter. Every answer's own version (the county-year's,
 * src/services/data-versions.ts, and the others of src/services/answer-versions.ts) is a part of it, so it
 * grows with every committed write of any data; one number a client can hand back to any answer.
 */
export async function databaseDataVersion(db: Queryable): Promise<string> {
  const { rows } = await db.execute<{ v: string }>(sql`SELECT coalesce(sum(version), 0)::text AS v FROM data_versions`);
  return rows[0]?.v ?? '0';
}

/** Does `version` (decimal text) reach `min`? Sums of bigint counters may pass 2^53: compared as bigints. */
export const reaches = (version: string, min: bigint | undefined): boolean => min === undefined || BigInt(version) >= min;

/**
 * A failure of the replica rather than of the request: an error of the database or its connection.
 * A 4xx of a service (a missing record, an input the rules refuse) would be the same on the primary.
 */
function isReplicaFailure(error: unknown): boolean {
  if (error instanceof ServiceError && error.status < 500) return false;
  return isConnectionError(error) || pgError(error) !== undefined;
}

export class ReadRouter {
  private readonly primary: Db;
  private readonly replica: Db | undefined;
  private readonly restMs: number;
  private readonly clock: () => number;
  private restingUntil = 0;
  private readonly counted: ReadCounts = { reads: { primary: 0, replica: 0 }, fallbacks: { lag: 0, error: 0 } };

  constructor(options: ReadRouterOptions) {
    this.primary = options.primary;
    this.replica = options.replica;
    this.restMs = options.restMs ?? 5_000;
    this.clock = options.clock ?? Date.now;
  }

  /** Is there a replica to read from at all (DATABASE_READ_URL)? */
  get hasReplica(): boolean {
    return this.replica !== undefined;
  }

  /**
   * Runs `read` on the replica when its data version reaches `min` (any version when `min` is undefined),
   * else on the primary, which has every committed write: a data version the primary has not reached was
   * not made by this database, and the primary's newest is the best there is. A replica that fails (down,
   * or a statement cancelled while it replays) has `read` run again on the primary, so `read` must only
   * read. Errors of the request itself (a 404) are the answer, wherever they come from. `told` hears of
   * every read sent to the primary instead of the replica, and why.
   */
  async read<T>(min: bigint | undefined, read: (on: ReadOn) => Promise<T>, told: Told = () => {}): Promise<T> {
    const replica = this.replica;
    if (replica === undefined || this.clock() < this.restingUntil) return this.onPrimary(read);
    let on: ReadOn;
    try {
      on = { db: replica, source: 'replica', dataVersion: await databaseDataVersion(replica) };
    } catch (error) {
      return this.fallBack('error', error, read, told);
    }
    if (!reaches(on.dataVersion, min)) return this.fallBack('lag', undefined, read, told);
    try {
      const answer = await read(on);
      this.counted.reads.replica++;
      return answer;
    } catch (error) {
      if (!isReplicaFailure(error)) throw error;
      return this.fallBack('error', error, read, told);
    }
  }

  /** Reads and fallbacks since the process started, for /metrics. */
  counts(): ReadCounts {
    return { reads: { ...this.counted.reads }, fallbacks: { ...this.counted.fallbacks } };
  }

  private async fallBack<T>(reason: FallbackReason, error: unknown, read: (on: ReadOn) => Promise<T>, told: Told): Promise<T> {
    this.counted.fallbacks[reason]++;
    if (reason === 'error' && isConnectionError(error)) this.restingUntil = this.clock() + this.restMs;
    told(reason, error);
    return this.onPrimary(read);
  }

  private async onPrimary<T>(read: (on: ReadOn) => Promise<T>): Promise<T> {
    const on: ReadOn = { db: this.primary, source: 'primary', dataVersion: await databaseDataVersion(this.primary) };
    this.counted.reads.primary++;
    return read(on);
  }
}
