import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import type { Database } from './connection.js';

/** The migrations folder, found from this module's own location (src/db or dist/src/db). */
export function migrationsFolder(): string {
  for (const relative of ['../../migrations', '../../../migrations']) {
    const candidate = fileURLToPath(new URL(relative, import.meta.url));
    if (existsSync(`${candidate}/meta/_journal.json`)) return candidate;
  }
  throw new Error('migrations folder not found next to the service');
}

/** Applies pending drizzle-kit migrations; already-applied ones are recorded and skipped. */
export async function migrateDatabase(database: Database): Promise<void> {
  const config = { migrationsFolder: migrationsFolder() };
  if (database.kind === 'postgres') {
    await migratePg(database.db as unknown as NodePgDatabase, config);
  } else {
    await migratePglite(database.db as unknown as PgliteDatabase, config);
  }
}
