// Migrated template databases for the tests. Starting a fresh PGlite runs initdb inside WebAssembly, which
// costs seconds of CPU per test file; starting from a dump of an already-migrated data directory skips both
// initdb and the migrations. On PostgreSQL, CREATE DATABASE … TEMPLATE copies a migrated database instead
// of migrating each new one. Both are keyed by a hash of the migrations, so a changed or added migration
// makes a new template, and both are built once (tap's `before` script, test/helpers/build-templates.ts)
// or, when a test file runs on its own, by the first test that needs one.

import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { Database } from '../../src/db/connection.js';
import { migrateDatabase, migrationsFolder } from '../../src/db/migrate.js';

/** Loaded when a database is opened: the `before` script, which usually finds the template made, never needs it. */
const openDatabase: typeof import('../../src/db/connection.js').openDatabase = async (options) =>
  (await import('../../src/db/connection.js')).openDatabase(options);

/** Bumped when the way templates are made changes, so older ones are not reused. */
const TEMPLATE_FORMAT = 1;
/** Where PGlite templates are kept between runs (shared by every checkout on the machine: same key, same content). */
export const TEMPLATE_DIR = path.join(tmpdir(), 'county-edu-test-templates');
/** PostgreSQL template databases are named `tpl_edu_<key>`. */
const PG_PREFIX = 'tpl_edu_';
/** Serialises template builds across concurrent test processes (pg_advisory_lock key). */
const PG_LOCK_KEY = 741_427_001;

/** A hash of every file under `root`, path and content, in a stable order. */
export function folderDigest(root: string): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else hash.update(`${path.relative(root, full)}\0`).update(readFileSync(full)).update('\0');
    }
  };
  walk(root);
  return hash.digest('hex');
}

/** PGlite's version, read from its package.json (the package does not export that file). */
function pgliteVersion(): string {
  let dir = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  while (!existsSync(path.join(dir, 'package.json')) || !readFileSync(path.join(dir, 'package.json'), 'utf8').includes('"@electric-sql/pglite"')) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('package.json of @electric-sql/pglite not found');
    dir = parent;
  }
  return String(JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).version);
}

/** The key of the templates for the migrations on disk now (PGlite's version matters to its dumps). */
export function templateKey(kind: 'pglite' | 'postgres'): string {
  const parts = [`format ${TEMPLATE_FORMAT}`, folderDigest(migrationsFolder()), kind === 'pglite' ? `pglite ${pgliteVersion()}` : 'postgres'];
  return createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 16);
}

// ---- PGlite: a dumped data directory in a file ----

export const pgliteTemplateFile = (key = templateKey('pglite')) => path.join(TEMPLATE_DIR, `pglite-${key}.tar`);

/**
 * The path of the migrated PGlite template, made if missing. Written under a temporary name and renamed,
 * so a concurrent reader sees either no file or a whole one; two processes building at once both write
 * the same content.
 */
export async function ensurePgliteTemplate(): Promise<string> {
  const key = templateKey('pglite');
  const file = pgliteTemplateFile(key);
  if (existsSync(file)) return file;
  mkdirSync(TEMPLATE_DIR, { recursive: true });
  const database = await openDatabase({});
  try {
    await migrateDatabase(database);
    const dump = await pgliteClient(database).dumpDataDir('none');
    const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.partial`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, file);
  } finally {
    await database.close();
  }
  prunePgliteTemplates(key);
  return file;
}

/** A new in-memory PGlite started from the migrated template (made first if needed). */
export async function openFromPgliteTemplate(): Promise<Database> {
  for (let attempt = 1; ; attempt++) {
    const file = await ensurePgliteTemplate();
    let data: Buffer;
    try {
      data = readFileSync(file);
    } catch (error) {
      // Removed between the check and the read (a newer key's build prunes old files): make it again.
      if (attempt < 3 && (error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    return openDatabase({ loadDataDir: new Blob([data]) });
  }
}

/** Drizzle keeps the PGlite client it was given as `$client`. */
const pgliteClient = (database: Database): PGlite => (database.db as unknown as { $client: PGlite }).$client;

/** Removes templates of other keys (older migrations) and leftovers of interrupted builds, a day old or more. */
function prunePgliteTemplates(keep: string): void {
  const dayAgo = Date.now() - 24 * 3600_000;
  for (const name of readdirSync(TEMPLATE_DIR)) {
    if (!name.startsWith('pglite-') || name === `pglite-${keep}.tar`) continue;
    const full = path.join(TEMPLATE_DIR, name);
    try {
      if (statSync(full).mtimeMs < dayAgo) rmSync(full, { force: true });
    } catch {
      // Another process pruned it first.
    }
  }
}

// ---- PostgreSQL: a template database on the server ----

const databaseUrl = (serverUrl: string, name: string) => {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
};

const databaseExists = async (client: pg.Client, name: string) =>
  (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;

/**
 * The name of the migrated template database on the server of `serverUrl`, made if missing. Builders
 * take an advisory lock, so concurrent test processes wait for one build instead of racing; the database
 * is built under a temporary name and renamed when complete, so an interrupted build never leaves a
 * half-migrated template behind under the real name.
 */
export async function ensurePostgresTemplate(serverUrl: string): Promise<string> {
  const name = `${PG_PREFIX}${templateKey('postgres')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    if (await databaseExists(admin, name)) return name;
    await admin.query('SELECT pg_advisory_lock($1)', [PG_LOCK_KEY]);
    try {
      if (await databaseExists(admin, name)) return name;
      const building = `${name}_building`;
      await admin.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${building}`);
      const database = await openDatabase({ databaseUrl: databaseUrl(serverUrl, building), poolSize: 1 });
      try {
        await migrateDatabase(database);
      } finally {
        await database.close();
      }
      await admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
      // Templates of older migrations. One still being copied from makes DROP wait; one in use fails it.
      const { rows } = await admin.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE starts_with(datname, $1) AND datname <> $2 AND NOT datname LIKE '%\\_building'`,
        [PG_PREFIX, name],
      );
      for (const old of rows) await admin.query(`DROP DATABASE IF EXISTS ${old.datname}`).catch(() => undefined);
    } finally {
      await admin.query('SELECT pg_advisory_unlock($1)', [PG_LOCK_KEY]);
    }
    return name;
  } finally {
    await admin.end();
  }
}

/** Creates database `name` as a copy of the migrated template (made first if needed). */
export async function createFromPostgresTemplate(serverUrl: string, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const template = await ensurePostgresTemplate(serverUrl);
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
      return;
    } catch (error) {
      // 3D000: the template was just replaced by one of newer migrations; make or find that one.
      if (attempt < 3 && (error as { code?: string }).code === '3D000') continue;
      throw error;
    } finally {
      await admin.end();
    }
  }
}
