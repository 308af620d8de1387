/**
 * Makes an API key from the shell, on the configured database (DATABASE_URL, or PGlite in DATA_DIR), and
 * prints its token once:
 *
 *   npm run key:create -- --name county-sync --scopes read,write --counties 441427 [--expires 2027-01-01]
 *   npm run key:create -- --admin --name ops-admin      (an admin key for every county: the way back in
 *                                                         when no key can manage keys any more)
 *
 * It needs no running server and no API key, only the database. With PGlite it refuses while a server
 * (or another key:create) has the data directory open, because an embedded database serves one process
 * at a time and the key would be lost; with PostgreSQL it may run beside the server.
 * Exit codes: 0 made, 2 bad arguments or configuration, 3 the PGlite data directory is in use, 1 anything else.
 */
import { parseArgs } from 'node:util';
import { type Config, ConfigError, loadConfig } from '../src/config.js';
import type { DataDirLock } from '../src/db/data-dir-lock.js';
import { checkNewKey } from '../src/services/api-key-input.js';

const USAGE =
  'usage: npm run key:create -- --name <name> --scopes read,write,funding:run,audit,admin --counties 441427[,…]|* [--expires YYYY-MM-DD|ISO time]\n' +
  '       npm run key:create -- --admin --name <name> [--expires …]   (scopes admin, counties *)';

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

function parseExpiry(raw: string | undefined): Date | null {
  if (raw === undefined) return null;
  const value = /^\d{4}-\d{2}-\d{2}$/.test(raw) ? `${raw}T00:00:00Z` : raw;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) fail(`--expires: "${raw}" is not a date`);
  return date;
}

/** The command line, strictly: an unknown option or a missing value throws. */
function parseCommandLine() {
  return parseArgs({
    options: {
      name: { type: 'string' },
      scopes: { type: 'string' },
      counties: { type: 'string' },
      admin: { type: 'boolean' },
      expires: { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  }).values;
}

async function main() {
  let args: ReturnType<typeof parseCommandLine>;
  try {
    args = parseCommandLine();
  } catch (error) {
    fail((error as Error).message);
  }
  if (args.help) {
    console.log(USAGE);
    return;
  }
  if (!args.name) fail('--name is required');
  if (args.admin && (args.scopes !== undefined || args.counties !== undefined))
    fail('--admin means scopes admin and counties *: leave out --scopes and --counties');
  if (!args.admin && !args.scopes) fail('--scopes is required (or --admin)');
  if (!args.admin && !args.counties) fail('--counties is required ("*" for every county), or --admin');
  const split = (s: string) => s.split(',').map((x) => x.trim()).filter((x) => x !== '');
  const scopes = args.admin ? ['admin'] : split(args.scopes ?? '');
  const counties = args.admin ? ['*'] : split(args.counties ?? '');
  const expiresAt = parseExpiry(args.expires);
  const issues = checkNewKey({ name: args.name, scopes, counties, expiresAt });
  if (issues.length > 0) fail(`the key cannot be made:\n${issues.map((i) => `  ${i.pointer}: ${i.message}`).join('\n')}`);

  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(`configuration error: ${error.message}`);
    throw error;
  }
  // The database layer is loaded only now: a mistyped command line is answered at once, without it.
  const { DataDirInUseError, lockDataDir } = await import('../src/db/data-dir-lock.js');
  const { openDatabase } = await import('../src/db/connection.js');
  const { migrateDatabase } = await import('../src/db/migrate.js');
  const { withStartupLock } = await import('../src/db/startup-lock.js');
  const { createApiKey } = await import('../src/services/api-keys.js');
  const { systemContext } = await import('../src/services/context.js');
  const { ServiceError } = await import('../src/services/errors.js');
  let lock: DataDirLock | undefined;
  if (!config.databaseUrl) {
    try {
      lock = lockDataDir(config.dataDir, { by: 'key:create', foreignLock: 'refuse' });
    } catch (error) {
      if (!(error instanceof DataDirInUseError)) throw error;
      console.error(`key:create: ${error.message} No key was made.`);
      process.exit(3);
    }
  }
  try {
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 1 });
    try {
      // Beside servers starting on the same PostgreSQL database: migrate one at a time with them.
      const note = { info: (_: object, msg: string) => console.error(`key:create: ${msg}`), warn: (_: object, msg: string) => console.error(`key:create: ${msg}`) };
      await withStartupLock(config.databaseUrl, note, () => migrateDatabase(database));
      const { key, token } = await createApiKey(database.db, { name: args.name, scopes, counties, expiresAt }, systemContext(`cli-${process.pid}`));
      console.error(
        `made key ${key.id} "${key.name}": scopes ${key.scopes.join(',')}; counties ${key.counties.join(',')}; ` +
          `${key.expiresAt ? `expires ${key.expiresAt}` : 'no expiry'} (${database.kind}). The token is shown only now:`,
      );
      console.log(token);
    } catch (error) {
      if (error instanceof ServiceError) {
        console.error(`${error.message}\n${error.errors.map((e) => `  ${e.pointer}: ${e.message}`).join('\n')}`);
        process.exitCode = 2;
      } else throw error;
    } finally {
      await database.close();
    }
  } finally {
    lock?.release();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
