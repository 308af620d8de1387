// The service as the benchmarks run it: the real app (buildApp) listening on a loopback port, with the
// configuration the server process would read, except limits that would stop a benchmark rather than
// measure it: bodies up to 64 MB, 10-minute requests, and a per-key rate limit high enough never to bite
// (the limiter still runs, so its cost is in the figures; BENCH_RATE_LIMIT=0 turns it off, to measure it apart).
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { Database } from '../src/db/connection.js';

export function benchConfig() {
  const config = loadConfig({ ...process.env, RATE_LIMIT_PER_MINUTE: process.env.BENCH_RATE_LIMIT ?? '1000000', LOG_LEVEL: 'silent' });
  return { ...config, bodyLimit: 64 * 1024 * 1024, requestTimeoutMs: 600_000 };
}

export interface Listening {
  app: FastifyInstance;
  url: string;
}

export async function listen(app: FastifyInstance): Promise<Listening> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${address.port}` };
}

export async function startService(database: Database): Promise<Listening> {
  const app = await buildApp({ config: benchConfig(), database });
  return listen(app);
}
