// A throw-away database on the same PostgreSQL server, for benchmarks that write (the audit trail they
// leave behind is append-only, so they must not write into the province that other benchmarks read).
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface Scratch {
  url: string;
  drop(): Promise<void>;
}

export async function createScratchDatabase(serverUrl: string, label: string): Promise<Scratch> {
  const name = `bench_${label}_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
