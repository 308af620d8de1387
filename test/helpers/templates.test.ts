// The template databases every test file starts from (test/helpers/templates.ts): a copy must be exactly
// what migrating a new database gives, each copy must be its own, and a changed migration must make a
// new template. On PGlite by default, on PostgreSQL with DATABASE_URL.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { fileTest } from './file-test.js';
import type { Db } from '../../src/db/connection.js';
import { migrateDatabase, migrationsFolder } from '../../src/db/migrate.js';
import { syncShippedPolicies } from '../../src/services/policies.js';
import { createTestDatabase } from './database.js';
import { folderDigest } from './templates.js';

const t = fileTest(import.meta);

const rowsOf = async (db: Db, query: ReturnType<typeof sql>) => (await db.execute<Record<string, unknown>>(query)).rows;

/** Tables, columns, constraints, indexes, triggers, functions and views of the service's schemas. */
const schemaOf = async (db: Db) => ({
  columns: await rowsOf(
    db,
    sql`SELECT table_schema, table_name, column_name, data_type, udt_name, is_nullable, column_default
        FROM information_schema.columns WHERE table_schema IN ('public', 'drizzle') ORDER BY 1, 2, 3`,
  ),
  constraints: await rowsOf(
    db,
    sql`SELECT n.nspname, c.conrelid::regclass::text AS rel, c.conname, pg_get_constraintdef(c.oid) AS def
        FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
        WHERE n.nspname IN ('public', 'drizzle') ORDER BY 1, 2, 3`,
  ),
  indexes: await rowsOf(db, sql`SELECT schemaname, tablename, indexname, indexdef FROM pg_indexes WHERE schemaname IN ('public', 'drizzle') ORDER BY 1, 2, 3`),
  triggers: await rowsOf(
    db,
    sql`SELECT tgrelid::regclass::text AS rel, tgname, pg_get_triggerdef(oid) AS def FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1, 2`,
  ),
  functions: await rowsOf(
    db,
    sql`SELECT p.proname, pg_get_functiondef(p.oid) AS def FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'public' ORDER BY 1, 2`,
  ),
  views: await rowsOf(db, sql`SELECT table_name, view_definition FROM information_schema.views WHERE table_schema = 'public' ORDER BY 1`),
});

/** Rows a migrated database starts with: the migrations record, the synced policy files, and every table's count. */
const startingRowsOf = async (db: Db) => {
  const tables = await rowsOf(db, sql`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
  const counts: Record<string, number> = {};
  for (const { tablename } of tables) {
    const [row] = await rowsOf(db, sql.raw(`SELECT count(*)::int AS n FROM "${String(tablename)}"`));
    counts[String(tablename)] = Number(row?.n);
  }
  return {
    migrations: await rowsOf(db, sql`SELECT hash, created_at::text AS created_at FROM drizzle.__drizzle_migrations ORDER BY id`),
    policies: await rowsOf(db, sql`SELECT policy_id, name, builtin, definition, created_by FROM policy_profiles ORDER BY policy_id`),
    counts,
  };
};

t.test('a copy of the template has exactly the migrations on disk applied, content included', async (t) => {
  const copy = await createTestDatabase();
  t.teardown(() => copy.destroy());
  const onDisk = readMigrationFiles({ migrationsFolder: migrationsFolder() }).map((m) => ({ hash: m.hash, created_at: String(m.folderMillis) }));
  t.ok(onDisk.length >= 1, `${onDisk.length} migrations on disk`);
  const recorded = await rowsOf(copy.db, sql`SELECT hash, created_at::text AS created_at FROM drizzle.__drizzle_migrations ORDER BY id`);
  t.same(recorded, onDisk, 'every migration file recorded with the hash of its content, and no other');
});

// On PGlite a fresh database costs an initdb (seconds of CPU) and the copy is PGlite's own dump of the
// whole data directory; on PostgreSQL the comparison is cheap and covers CREATE DATABASE … TEMPLATE.
const postgresOnly = process.env.DATABASE_URL ? false : 'compared on PostgreSQL (set DATABASE_URL); on PGlite the test above checks the migrations';

t.test('a copy of the template is what migrating a new database gives', { skip: postgresOnly }, async (t) => {
  const copy = await createTestDatabase();
  t.teardown(() => copy.destroy());
  const fresh = await createTestDatabase({ migrate: false });
  t.teardown(() => fresh.destroy());
  t.same(await rowsOf(fresh.db, sql`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`), [{ n: 0 }], 'migrate: false is empty');
  await migrateDatabase(fresh);
  await syncShippedPolicies(fresh.db);

  const [copySchema, freshSchema] = [await schemaOf(copy.db), await schemaOf(fresh.db)];
  t.ok(copySchema.columns.length > 50, `the schema is there (${copySchema.columns.length} columns)`);
  t.same(copySchema, freshSchema, 'same tables, columns, constraints, indexes, triggers, functions and views');
  const [copyRows, freshRows] = [await startingRowsOf(copy.db), await startingRowsOf(fresh.db)];
  t.ok(copyRows.migrations.length >= 1 && copyRows.policies.length >= 1, 'migrations recorded and policies synced');
  t.same(copyRows, freshRows, 'same migrations recorded, the same policy profiles, no other rows');
});

t.test('each copy is its own: rows, policies and schema changes stay in the database that made them', async (t) => {
  const first = await createTestDatabase();
  t.teardown(() => first.destroy());
  await first.db.execute(sql`INSERT INTO counties (county_code, name, city_code, province_code) VALUES ('441427', '蕉岭县', '441400', '44')`);
  await first.db.execute(sql`UPDATE policy_profiles SET name = 'changed by one test'`);
  await first.db.execute(sql`CREATE TABLE only_in_first (id int)`);
  await first.db.execute(sql`ALTER TABLE schools ADD COLUMN only_in_first int`);

  const second = await createTestDatabase();
  t.teardown(() => second.destroy());
  t.same(await rowsOf(second.db, sql`SELECT count(*)::int AS n FROM counties`), [{ n: 0 }], 'no rows of the first');
  t.same(await rowsOf(second.db, sql`SELECT count(*)::int AS n FROM policy_profiles WHERE name = 'changed by one test'`), [{ n: 0 }], 'no policy change of the first');
  t.same(await rowsOf(second.db, sql`SELECT to_regclass('public.only_in_first')::text AS t`), [{ t: null }], 'no table of the first');
  t.same(
    await rowsOf(second.db, sql`SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'schools' AND column_name = 'only_in_first'`),
    [{ n: 0 }],
    'no column of the first',
  );
  t.same(await rowsOf(first.db, sql`SELECT count(*)::int AS n FROM counties`), [{ n: 1 }], 'the first keeps its own');
});

t.test('the template key follows every file of the migrations, name and content', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'edu-migrations-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(migrationsFolder(), dir, { recursive: true });
  const original = folderDigest(dir);
  t.equal(folderDigest(dir), original, 'stable');
  t.equal(original, folderDigest(migrationsFolder()), 'a copy has the same digest');
  writeFileSync(path.join(dir, '9999_later.sql'), 'SELECT 1;');
  const added = folderDigest(dir);
  t.not(added, original, 'an added migration changes it');
  writeFileSync(path.join(dir, '9999_later.sql'), 'SELECT 2;');
  t.not(folderDigest(dir), added, 'an edited migration changes it');
  rmSync(path.join(dir, '9999_later.sql'));
  writeFileSync(path.join(dir, 'meta', '_journal.json'), '{}');
  t.not(folderDigest(dir), original, 'an edited journal changes it');
});
