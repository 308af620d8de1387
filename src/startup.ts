import type { Logger } from 'pino';
import { count } from 'drizzle-orm';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/connection.js';
import { migrateDatabase } from './db/migrate.js';
import { counties } from './db/schema/index.js';
import { loadDemoCounty } from './services/demo.js';
import { syncShippedPolicies } from './services/policies.js';

/**
 * Opens the configured database (PostgreSQL with DATABASE_URL, embedded PGlite in DATA_DIR otherwise),
 * applies pending migrations, and on an empty database loads the demo county unless DEMO_DATA=false.
 */
export async function prepareDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir' | 'demoData' | 'databasePoolSize'>,
  logger: Pick<Logger, 'info'>,
): Promise<Database> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.databasePoolSize });
  logger.info({ database: database.kind, ...(database.kind === 'pglite' ? { dataDir: config.dataDir } : {}) }, 'database opened');
  try {
    await migrateDatabase(database);
    await syncShippedPolicies(database.db);
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
