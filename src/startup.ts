import type { Logger } from 'pino';
import { count } from 'drizzle-orm';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/connection.js';
import { lockDataDir } from './db/data-dir-lock.js';
import { migrateDatabase } from './db/migrate.js';
import { withStartupLock } from './db/startup-lock.js';
import { counties } from './db/schema/index.js';
import { ensureBootstrapAdmin } from './services/api-keys.js';
import { loadDemoCounty } from './services/demo.js';
import { syncShippedPolicies, usePolicyCatalog } from './services/policies.js';
import { loadPolicyCatalog } from './services/policy-files.js';
import { usePlanCatalog } from './services/tasks/catalog.js';
import { loadPlanCatalog } from './services/tasks/plan-files.js';

type StartupConfig = Pick<Config, 'databaseUrl' | 'dataDir' | 'demoData' | 'databasePoolSize'> &
  Partial<Pick<Config, 'bootstrapAdminToken' | 'statementTimeoutMs' | 'policiesDir' | 'databaseReadUrl'>>;

/**
 * Opens the configured database (PostgreSQL with DATABASE_URL, embedded PGlite in DATA_DIR otherwise),
 * applies pending migrations, makes sure an admin key exists (docs/api.md, `BOOTSTRAP_ADMIN_TOKEN`), and on
 * an empty database loads the demo county unless DEMO_DATA=false.
 *
 * A PGlite data directory is claimed for as long as the database is open (src/db/data-dir-lock.ts): a
 * second server or `npm run key:create` on it is refused (DataDirInUseError) instead of losing writes.
 * On PostgreSQL, many instances share the database and take the steps after opening it one at a time
 * (docs/deployment.md, "Many instances").
 */
export async function prepareDatabase(config: StartupConfig, logger: Pick<Logger, 'info' | 'warn'>): Promise<Database> {
  // The policy files first: a bad file stops the service (PolicyFileError, every problem listed) before the database is touched.
  const policies = loadPolicyCatalog(config.policiesDir);
  usePolicyCatalog(policies);
  // The shipped county plans likewise (PlanFileError, every problem listed).
  usePlanCatalog(loadPlanCatalog());
  // A container re-created on a shared volume finds its predecessor's lock under another host name; the
  // server takes such a lock over (a stopped container cannot release it), `key:create` refuses it.
  const lock = config.databaseUrl ? undefined : lockDataDir(config.dataDir, { by: 'server', foreignLock: 'take-over' });
  if (lock?.tookOverFrom) logger.warn({ lockFile: lock.lockFile, previous: lock.tookOverFrom }, 'took over a data directory lock left by another host');
  let opened: Database;
  try {
    opened = await openDatabase({
      databaseUrl: config.databaseUrl,
      readDatabaseUrl: config.databaseReadUrl,
      dataDir: config.dataDir,
      poolSize: config.databasePoolSize,
      ...(config.statementTimeoutMs ? { statementTimeoutMs: config.statementTimeoutMs } : {}),
      onConnectionError: (err) => logger.warn({ err }, 'a database connection failed; the pool replaces it'),
    });
  } catch (error) {
    lock?.release();
    throw error;
  }
  const database: Database = lock
    ? {
        ...opened,
        close: async () => {
          try {
            await opened.close();
          } finally {
            lock.release();
          }
        },
      }
    : opened;
  logger.info({ database: database.kind, ...(database.kind === 'pglite' ? { dataDir: config.dataDir } : {}) }, 'database opened');
  try {
    // On PostgreSQL, instances starting together take these steps one at a time (src/db/startup-lock.ts):
    // each checks what is missing and makes it, so only the first migrates, makes a generated admin key
    // (and writes its token file) and loads the demo; the later ones find it done.
    await withStartupLock(
      database.kind === 'postgres' ? config.databaseUrl : undefined,
      logger,
      async () => {
        await migrateDatabase(database);
        await syncShippedPolicies(database.db, policies);
        await ensureBootstrapAdmin(database.db, { token: config.bootstrapAdminToken, dataDir: config.dataDir }, logger);
        if (config.demoData) {
          const [row] = await database.db.select({ n: count() }).from(counties);
          if ((row?.n ?? 0) === 0) {
            const summary = await loadDemoCounty(database.db);
            logger.info({ summary }, 'demo county loaded (synthetic Jiaoling 441427)');
          }
        }
      },
    );
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}
