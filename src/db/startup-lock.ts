import { hostname } from 'node:os';
import pg from 'pg';

/**
 * Several instances of the service may start together against one PostgreSQL database (a deployment
 * scaled to N, a rolling restart). Their start-up steps (migrations, the shipped-policy sync, the bootstrap
 * admin key, the demo load) each read the database and then write what they found missing: run side by side,
 * two instances both find the database empty and both migrate, both make an admin key, both load the demo.
 * So the steps run under one session-level advisory lock, taken on a connection of its own and held until
 * they are done: the instances pass through them one at a time, and each later one finds the work done.
 *
 * PGlite needs no such lock: one process has a data directory at a time (./data-dir-lock.ts).
 */

/** The lock's key: fixed, the first 8 bytes of sha256("county-edu-indicators: start-up") as a signed bigint. */
export const STARTUP_LOCK_KEY = '-7036719372720150927';
/** How long an instance waits for the lock before giving up: far more than migrations and a demo load take. */
export const STARTUP_LOCK_TIMEOUT_MS = 10 * 60_000;
/** While waiting, a log line this often, so a slow start shows what it waits for. */
export const STARTUP_LOCK_LOG_EVERY_MS = 15_000;

type LockLogger = { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };

export interface StartupLockOptions {
  databaseUrl: string;
  logger: LockLogger;
  timeoutMs?: number;
  logEveryMs?: number;
}

export class StartupLockTimeoutError extends Error {
  override readonly name = 'StartupLockTimeoutError';
  constructor(
    readonly waitedMs: number,
    readonly holder: string | undefined,
  ) {
    super(
      `waited ${Math.round(waitedMs / 1000)} s for the start-up lock (pg_advisory_lock ${STARTUP_LOCK_KEY}) held by ` +
        `${holder ?? 'another session'}: another instance is still migrating or loading data, or hangs. ` +
        'Look at that instance (pg_stat_activity names it), then start this one again.',
    );
  }
}

export interface StartupLock {
  /** Unlocks and closes the lock's connection; the next waiting instance goes on. */
  release(): Promise<void>;
}

/** Who holds the lock now, as `application_name (pid …)` of pg_stat_activity; undefined when nobody does. */
async function lockHolder(client: pg.Client): Promise<string | undefined> {
  // A bigint advisory key shows in pg_locks as its high half (classid), its low half (objid), objsubid 1.
  const { rows } = await client.query<{ holder: string }>(
    `SELECT coalesce(nullif(a.application_name, ''), 'a session') || ' (pid ' || l.pid || ')' AS holder
       FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND ((l.classid::bigint << 32) | l.objid::bigint) = $1::bigint`,
    [STARTUP_LOCK_KEY],
  );
  return rows[0]?.holder;
}

/**
 * Takes the start-up lock on a connection of its own (the pool's connections stay free for the steps
 * themselves), waiting for an instance that holds it, with a log line on the first wait and every
 * `logEveryMs` after; gives up with StartupLockTimeoutError after `timeoutMs`.
 */
export async function acquireStartupLock(options: StartupLockOptions): Promise<StartupLock> {
  const { logger } = options;
  const timeoutMs = options.timeoutMs ?? STARTUP_LOCK_TIMEOUT_MS;
  const client = new pg.Client({
    connectionString: options.databaseUrl,
    connectionTimeoutMillis: 10_000,
    // What a waiting instance (and an operator in pg_stat_activity) sees as the holder.
    application_name: `county-edu start-up ${hostname()} pid ${process.pid}`.slice(0, 63),
  });
  let held = false;
  // Losing this connection releases the lock: another instance may then start its steps beside ours.
  client.on('error', (err) => {
    if (held) logger.warn({ err }, 'the start-up lock connection failed: the lock is lost, another instance may run its start-up steps at the same time');
  });
  await client.connect();
  try {
    // The wait is bounded by lock_timeout alone; a role's statement_timeout would cut it short.
    await client.query(`SET statement_timeout = 0; SET lock_timeout = ${Math.max(1, Math.trunc(timeoutMs))}`);
    const [tried] = (await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS locked', [STARTUP_LOCK_KEY])).rows;
    if (!tried?.locked) {
      const started = Date.now();
      const holder = await lockHolder(client);
      logger.info({ holder, timeoutMs }, 'waiting for the start-up lock: another instance is running its start-up steps (migrations, policies, bootstrap key, demo)');
      const reminder = setInterval(
        () => logger.info({ holder, waitedMs: Date.now() - started }, 'still waiting for the start-up lock'),
        options.logEveryMs ?? STARTUP_LOCK_LOG_EVERY_MS,
      );
      try {
        await client.query('SELECT pg_advisory_lock($1::bigint)', [STARTUP_LOCK_KEY]);
      } catch (error) {
        // 55P03 lock_not_available: lock_timeout passed.
        if ((error as { code?: string }).code === '55P03') throw new StartupLockTimeoutError(Date.now() - started, (await lockHolder(client).catch(() => undefined)) ?? holder);
        throw error;
      } finally {
        clearInterval(reminder);
      }
      logger.info({ waitedMs: Date.now() - started }, 'start-up lock taken');
    }
    held = true;
  } catch (error) {
    await client.end().catch(() => {});
    throw error;
  }
  return {
    release: async () => {
      if (!held) return;
      held = false;
      // Never throws: a failure here must not hide how the steps ended. Closing the session releases the
      // lock in any case; the unlock first makes it explicit.
      await client
        .query('SELECT pg_advisory_unlock($1::bigint)', [STARTUP_LOCK_KEY])
        .catch((err: unknown) => logger.warn({ err }, 'could not unlock the start-up lock; closing its connection releases it'));
      await client.end().catch(() => {});
    },
  };
}

/** Runs `steps` under the start-up lock on PostgreSQL (`databaseUrl` set), or straight away without one. */
export async function withStartupLock<T>(
  databaseUrl: string | undefined,
  logger: LockLogger,
  steps: () => Promise<T>,
  options: Pick<StartupLockOptions, 'timeoutMs' | 'logEveryMs'> = {},
): Promise<T> {
  if (!databaseUrl) return steps();
  const lock = await acquireStartupLock({ databaseUrl, logger, ...options });
  try {
    return await steps();
  } finally {
    await lock.release();
  }
}
