import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { fileTest } from '../helpers/file-test.js';
import { migrateDatabase, migrationsFolder } from '../../src/db/migrate.js';
import { createTestDatabase } from '../helpers/database.js';

const t = fileTest(import.meta);

// Migration 0003 renames the snake_case audit entity names of events already stored, through the
// append-only trigger, and leaves that trigger in force.
const RENAMING = '0003_audit_entity_names';

/** The migrations folder as it was before RENAMING: same files, journal cut just before it. */
function folderBefore(tag: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'edu-migrations-'));
  cpSync(migrationsFolder(), dir, { recursive: true });
  const journalFile = path.join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
  const at = journal.entries.findIndex((e) => e.tag === tag);
  if (at < 0) throw new Error(`${tag} is not in the journal`);
  journal.entries = journal.entries.slice(0, at);
  writeFileSync(journalFile, JSON.stringify(journal));
  return dir;
}

const database = await createTestDatabase({ migrate: false });
const before = folderBefore(RENAMING);
t.teardown(async () => {
  await database.destroy();
  rmSync(before, { recursive: true, force: true });
});

t.test('old events are renamed, new ones untouched, and the trail stays append-only', async (t) => {
  const db = database.db;
  if (database.kind === 'postgres') await migratePg(db as unknown as NodePgDatabase, { migrationsFolder: before });
  else await migratePglite(db as unknown as PgliteDatabase, { migrationsFolder: before });

  await db.execute(sql`
    INSERT INTO audit_events (action, entity, entity_key, county_code, before, after) VALUES
      ('run', 'funding_run', '00000000-0000-4000-8000-000000000001', '441427', NULL, '{}'),
      ('create', 'policy_profile', 'county-2024', NULL, NULL, '{}'),
      ('create', 'county_year_policy', '441427/2024', '441427', NULL, '{}'),
      ('update', 'county_year_policy', '441427/2024', '441427', '{}', '{}'),
      ('create', 'school-year', '2144000001/2024', '441427', NULL, '{"boarders": 0}'),
      ('create', 'api-key', '00000000-0000-4000-8000-000000000002', NULL, NULL, '{}')`);
  const read = async () =>
    (await db.execute<{ id: number; entity: string; entity_key: string; after: unknown }>(sql`SELECT id, entity, entity_key, after FROM audit_events ORDER BY id`)).rows;
  const stored = await read();

  await migrateDatabase(database);
  const renamed = await read();
  t.same(
    renamed.map((r) => r.entity),
    ['funding-run', 'policy-profile', 'county-year-policy', 'county-year-policy', 'school-year', 'api-key'],
  );
  t.same(
    renamed.map(({ entity: _e, ...rest }) => rest),
    stored.map(({ entity: _e, ...rest }) => rest),
    'ids, keys and records are what they were',
  );

  const refused = async (statement: ReturnType<typeof sql>) => {
    try {
      await db.execute(statement);
      return false;
    } catch {
      return true;
    }
  };
  t.ok(await refused(sql`UPDATE audit_events SET entity = 'funding_run' WHERE entity = 'funding-run'`), 'UPDATE is refused again');
  t.ok(await refused(sql`DELETE FROM audit_events`), 'DELETE is refused again');
  const { rows: triggers } = await db.execute<{ tgname: string; tgenabled: string }>(
    sql`SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = 'audit_events'::regclass AND NOT tgisinternal ORDER BY tgname`,
  );
  t.same(
    triggers.map((r) => [r.tgname, r.tgenabled]),
    [
      ['audit_events_append_only', 'O'],
      ['audit_events_no_truncate', 'O'],
    ],
    'both triggers are enabled',
  );
  t.same((await read()).map((r) => r.entity), renamed.map((r) => r.entity), 'the refused statements changed nothing');

  await migrateDatabase(database);
  t.same((await read()).map((r) => r.entity), renamed.map((r) => r.entity), 'a second start applies nothing again');
});
