// Where the soak's database lives: a private PostgreSQL cluster it makes in a temporary directory (the
// default: nothing to set up, and restarting it disturbs nobody), or a database of its own on the server
// of DATABASE_URL, restarted only by a command the caller names. Either way backend termination is limited
// to the soak's own database.
import { execFile } from 'node:child_process';
import { chownSync, copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './ports.js';

const run = promisify(execFile);

export interface PostgresTarget {
  /** The soak database's connection string. */
  url: string;
  /** What it is, for the report. */
  description: string;
  /** Restarts the server; undefined when the soak may not (the reason is in `restartUnavailable`). */
  restart?: () => Promise<string>;
  restartUnavailable?: string;
  /** Terminates every backend of the soak database but the caller's own; answers how many. */
  terminateBackends(): Promise<number>;
  /** A connection to the soak database for the machine figures (server version and settings). */
  client(): Promise<pg.Client>;
  dispose(keep: boolean, runDir: string): Promise<void>;
}

const withDatabase = (url: string, name: string) => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};

async function terminate(url: string, database: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ n: string }>(
      `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) AS n
         FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
      [database],
    );
    return Number(result.rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}

async function createDatabase(maintenanceUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: maintenanceUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
}

const connect = async (url: string) => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
};

/** The PostgreSQL binaries: PG_BIN, or PostgreSQL 15's directory on Debian. */
const binDir = () => process.env.PG_BIN || '/usr/lib/postgresql/15/bin';

/** Runs a PostgreSQL program as the postgres user when this process is root (initdb refuses root). */
function asPostgres(program: string, args: string[], timeoutMs: number) {
  const file = path.join(binDir(), program);
  return process.getuid?.() === 0
    ? run('runuser', ['-u', 'postgres', '--', file, ...args], { timeout: timeoutMs })
    : run(file, args, { timeout: timeoutMs });
}

/** A cluster of its own: initdb in a temporary directory, started on a free loopback port. */
export async function privateCluster(options: { restartMode: 'fast' | 'immediate' }): Promise<PostgresTarget> {
  const dir = mkdtempSync(path.join(tmpdir(), 'soak-pg-'));
  if (process.getuid?.() === 0) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const data = path.join(dir, 'data');
  const log = path.join(dir, 'postgres.log');
  const port = await freePort();
  const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200`;
  await asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync'], 120_000);
  await asPostgres('pg_ctl', ['-D', data, '-o', serverOptions, '-l', log, '-w', '-t', '120', 'start'], 180_000);
  const maintenance = `postgres://postgres@127.0.0.1:${port}/postgres`;
  await createDatabase(maintenance, 'soak');
  const url = withDatabase(maintenance, 'soak');
  return {
    url,
    description: `a private cluster (initdb in ${dir}, port ${port})`,
    restart: async () => {
      await asPostgres('pg_ctl', ['-D', data, '-o', serverOptions, '-l', log, '-m', options.restartMode, '-w', '-t', '120', 'restart'], 180_000);
      return `pg_ctl restart -m ${options.restartMode}`;
    },
    terminateBackends: () => terminate(maintenance, 'soak'),
    client: () => connect(url),
    dispose: async (keep, runDir) => {
      await asPostgres('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop'], 90_000).catch(() => undefined);
      if (existsSync(log)) copyFileSync(log, path.join(runDir, 'postgres.log'));
      if (!keep) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A database of its own (`soak_<stamp>`) on the server of `serverUrl`. The server is restarted only with
 * `restartCommand` (e.g. `pg_ctlcluster --skip-systemctl-redirect 15 main restart`): other users share it.
 */
export async function externalServer(serverUrl: string, options: { restartCommand?: string; name: string }): Promise<PostgresTarget> {
  await createDatabase(serverUrl, options.name);
  const url = withDatabase(serverUrl, options.name);
  const where = new URL(serverUrl);
  const restartCommand = options.restartCommand;
  return {
    url,
    description: `database ${options.name} on ${where.host}`,
    ...(restartCommand
      ? {
          restart: async () => {
            await run('sh', ['-c', restartCommand], { timeout: 180_000 });
            return restartCommand;
          },
        }
      : { restartUnavailable: 'a shared server is restarted only with --restart-command' }),
    terminateBackends: () => terminate(serverUrl, options.name),
    client: () => connect(url),
    dispose: async (keep) => {
      if (keep) return;
      const client = await connect(serverUrl);
      try {
        await client.query(`DROP DATABASE IF EXISTS ${options.name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
