import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase } from '../../src/db/connection.js';
import type { Database } from '../../src/db/connection.js';
import { migrateDatabase } from '../../src/db/migrate.js';
import { syncShippedPolicies } from '../../src/services/policies.js';
import { createFromPostgresTemplate, openFromPgliteTemplate } from './templates.js';

export interface TestDatabase extends Database {
  /** The connection string of this test's own PostgreSQL database (unset on PGlite). */
  url?: string;
  /** Closes the connections and, on PostgreSQL, drops the database. */
  destroy(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: embedded PGlite in memory by default, or a new
 * throw-away database on the server named by DATABASE_URL, so test files never see each other's rows.
 * Migrated databases start as a copy of a template migrated once (test/helpers/templates.ts); each copy
 * is its own, so what a test changes (rows, policies, even the schema) never reaches another test.
 * `migrate: false` gives an empty database, as a first start of the service finds it.
 */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const migrated = options.migrate !== false;
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const database = migrated ? await openFromPgliteTemplate() : await openDatabase({});
    if (migrated) await finishMigrated(database);
    return { ...database, destroy: () => database.close() };
  }
  const name = `t_${process.pid}_${randomBytes(4).toString('hex')}`;
  if (migrated) {
    await createFromPostgresTemplate(serverUrl, name);
  } else {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 5 });
  if (migrated) await finishMigrated(database);
  return {
    ...database,
    url: url.toString(),
    destroy: async () => {
      await database.close();
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}

/**
 * What a migrated copy still needs: the migrator finds nothing to apply (a few milliseconds) unless the
 * template is behind, and the policy files are synced as the service does at start-up, here rather than
 * in the template because the catalog in use is this process's (a test may choose its own).
 */
async function finishMigrated(database: Database): Promise<void> {
  await migrateDatabase(database);
  await syncShippedPolicies(database.db);
}
