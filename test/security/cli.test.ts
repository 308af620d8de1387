import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import t from 'tap';
import { openDatabase } from '../../src/db/connection.js';
import { hashToken } from '../../src/services/api-keys.js';
import { createTestDatabase } from '../helpers/database.js';

// `npm run key:create` on the configured database: PGlite in DATA_DIR, or PostgreSQL with DATABASE_URL.
const dataDir = mkdtempSync(path.join(tmpdir(), 'edu-cli-'));
const server = process.env.DATABASE_URL ? await createTestDatabase({ migrate: false }) : undefined;
t.teardown(async () => {
  await server?.destroy();
  rmSync(dataDir, { recursive: true, force: true });
});

const run = (args: string[]) =>
  new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/create-api-key.ts', ...args], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: server?.url ?? '', LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => resolve({ code, out, err }));
  });

t.test('makes a key and prints its token once, on stdout alone', async (t) => {
  const r = await run(['--name', 'sync', '--scopes', 'read,write', '--counties', '441427', '--expires', '2099-01-01']);
  t.equal(r.code, 0, r.err);
  const token = r.out.trim();
  t.match(token, /^edu_[A-Za-z0-9_-]{43}$/, 'stdout is just the token');
  t.match(r.err, /made key .* "sync": scopes read,write; counties 441427; expires 2099-01-01T00:00:00.000Z/);
  const database = await openDatabase({ databaseUrl: server?.url, dataDir });
  const { rows } = await database.db.execute<{ name: string; scopes: string[]; counties: string[] }>(
    sql`SELECT name, scopes, counties FROM api_keys WHERE token_hash = ${hashToken(token)}`,
  );
  await database.close();
  t.same(rows, [{ name: 'sync', scopes: ['read', 'write'], counties: ['441427'] }]);
});

t.test('bad arguments: exit 2 with the reason and the usage', async (t) => {
  for (const [args, message] of [
    [['--scopes', 'read', '--counties', '*'], /--name is required/],
    [['--name', 'x', '--scopes', 'root', '--counties', '*'], /\/scopes\/0: must be one of/],
    [['--name', 'x', '--scopes', 'read', '--counties', '44'], /\/counties\/0: must be a 6-digit county code/],
    [['--name', 'x', '--scopes', 'read', '--counties', '*', '--expires', 'soon'], /--expires: "soon" is not a date/],
    [['--name', 'x', '--scopes', 'read', '--counties', '*', '--expires', '2001-01-01'], /must be in the future/],
    [['--name', 'x', '--bogus'], /Unknown option/],
  ] as const) {
    const r = await run([...args]);
    t.equal(r.code, 2, `${args.join(' ')}: exit 2`);
    t.match(r.err, message);
    t.equal(r.out, '', 'no token printed');
  }
});
