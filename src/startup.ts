import type { Logger } from 'pino';
import { count } from 'drizzle-orm';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/connection.js';
import { migrateDatabase } from './db/migrate.js';
import { counties } from './db/schema/index.js';
import { ensureBootstrapAdmin } from './services/api-keys.js';
import { loadDemoCounty } from './services/demo.js';
import { syncShippedPolicies } from './services/policies.js';

type StartupConfig = Pick<Config, 'databaseUrl' | 'dataDir' | 'demoData' | 'databasePoolSize'> &
  Partial<Pick<Config, 'bootstrapAdminToken' | 'statementTimeoutMs'>>;

/**
 * Opens the configured database (PostgreSQL with DATABASE_URL, embedded PGlite in DATA_DIR otherwise),
 * applies pending migrations, makes sure an admin key exists (API.md §1, `BOOTSTRAP_ADMIN_TOKEN`), and on
 * an empty database loads the demo county unless DEMO_DATA=false.
 */
export async function prepareDatabase(config: StartupConfig, logger: Pick<Logger, 'info' | 'warn'>): Promise<Database> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
    ...(config.statementTimeoutMs ? { statementTimeoutMs: config.statementTimeoutMs } : {}),
    onConnectionError: (err) => logger.warn({ err }, 'a database connection failed; the pool replaces it'),
  });
  logger.info({ database: database.kind, ...(database.kind === 'pglite' ? { dataDir: config.dataDir } : {}) }, 'database opened');
  try {
    await migrateDatabase(database);
    await syncShippedPolicies(database.db);
    await ensureBootstrapAdmin(database.db, { token: config.bootstrapAdminToken, dataDir: config.dataDir }, logger);
    if (config.demoData) {
      const [row] = await database.db.select({ n: count() }).from(counties);
      if ((row?.n ?? 0) === 0) {
        const summary = await loadDemoCounty(database.db);
        logger.info({ summary }, 'demo county loaded (synthetic Jiaoling 441427)');
      }
    }
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}
