// API school read: GET /v1/schools/{code} on the real app under autocannon (50 connections), against a
// bare Fastify route that runs the same SQL on the same pg pool and returns the row as JSON: no auth, no
// helmet, no schema validation or serialization, no drizzle mapping. Both servers live in this process;
// autocannon runs in a child process.
import { and, eq } from 'drizzle-orm';
import Fastify from 'fastify';
import type pg from 'pg';
import type { Database } from '../src/db/connection.js';
import { schools } from '../src/db/schema/index.js';
import { SYNTHETIC_COUNTY_PATTERN } from '../scripts/province/codes.js';
import { median, runLoad, summary, type LoadResult } from './load.js';
import type { BenchAuth } from './auth.js';
import { failed, roundFigures, type BenchResult } from './results.js';
import { listen, startService } from './server.js';

export interface ApiReadOptions {
  database: Database;
  auth: BenchAuth;
  connections: number;
  /** Seconds per measured run (a warm-up of half of it, at least 1 s, comes first). */
  duration: number;
  /** Alternating bare/service rounds; the median run of each is reported. */
  rounds: number;
  /** School codes requested in turn. */
  sample?: number;
  log?: (line: string) => void;
}

const ID = 'api.school-read';
const NAME = 'API: GET /v1/schools/{code}';
const TARGET = '>= 70% of bare route req/s';

/** The pool under drizzle's node-postgres driver (the same one the app uses). */
export const poolOf = (database: Database): pg.Pool => (database.db as unknown as { $client: pg.Pool }).$client;

/** The statement the service's readOne sends for one school, with its parameters. */
export function schoolReadSql(database: Database, code: string) {
  return database.db.select().from(schools).where(and(eq(schools.schoolCode, code))).limit(1).toSQL();
}

export async function sampleSchoolCodes(database: Database, n: number): Promise<string[]> {
  const rows = (
    await poolOf(database).query<{ school_code: string }>('SELECT school_code FROM schools WHERE county_code ~ $1 ORDER BY school_code', [
      SYNTHETIC_COUNTY_PATTERN,
    ])
  ).rows.map((r) => r.school_code);
  if (rows.length === 0) throw new Error('no school of the synthetic province in the database');
  const step = Math.max(1, Math.floor(rows.length / n));
  return rows.filter((_, i) => i % step === 0).slice(0, n);
}

export async function benchApiSchoolRead(o: ApiReadOptions): Promise<BenchResult> {
  const log = o.log ?? (() => {});
  if (o.database.kind !== 'postgres') return failed(ID, NAME, TARGET, new Error('needs PostgreSQL'));
  const codes = await sampleSchoolCodes(o.database, o.sample ?? 1000);
  const pool = poolOf(o.database);
  const statement = schoolReadSql(o.database, codes[0] as string);

  const bare = Fastify({ logger: false });
  bare.get<{ Params: { schoolCode: string } }>('/v1/schools/:schoolCode', async (request, reply) => {
    const params = statement.params.slice();
    params[0] = request.params.schoolCode;
    const { rows } = await pool.query({ text: statement.sql, values: params });
    if (rows.length === 0) return reply.status(404).send({ status: 404 });
    return rows[0];
  });
  const bareServer = await listen(bare);
  const service = await startService(o.database);
  try {
    const paths = codes.map((c) => `/v1/schools/${c}`);
    const run = (url: string, duration: number) =>
      runLoad({ url, paths, connections: o.connections, duration, headers: o.auth.headers });
    const warm = Math.max(1, Math.round(o.duration / 2));
    log(`api: warm-up ${warm} s each`);
    await run(bareServer.url, warm);
    await run(service.url, warm);
    // bare and service alternate, so that drift on a shared machine hits both; the medians are kept
    const bareRuns: LoadResult[] = [];
    const appRuns: LoadResult[] = [];
    for (let round = 1; round <= o.rounds; round++) {
      log(`api: round ${round}/${o.rounds}: bare route then service route, ${o.duration} s each, ${o.connections} connections`);
      bareRuns.push(await run(bareServer.url, o.duration));
      appRuns.push(await run(service.url, o.duration));
    }
    const base = median(bareRuns);
    const app = median(appRuns);
    const problems = [...appRuns, ...bareRuns].some((r) => r.non2xx > 0 || r.errors > 0 || r.timeouts > 0);
    if (app.requests === 0 || base.requests === 0) throw new Error('no request completed');
    const ratio = app.requestsPerSecond / base.requestsPerSecond;
    const rounds = roundFigures(
      appRuns.map((r) => r.requestsPerSecond),
      bareRuns.map((r) => r.requestsPerSecond),
      (x) => x >= 0.7,
    );
    return {
      id: ID,
      benchmark: NAME,
      status: 'measured',
      measured: { value: app.requestsPerSecond, unit: 'req/s' },
      baseline: { value: base.requestsPerSecond, unit: 'req/s' },
      ratio,
      target: TARGET,
      met: !problems && rounds.everyRoundMet,
      rounds,
      detail: {
        connections: o.connections,
        seconds: o.duration,
        schools: codes.length,
        auth: o.auth.mode,
        rounds: o.rounds,
        service: summary(app),
        bare: summary(base),
        serviceRunsReqPerS: appRuns.map((r) => r.requestsPerSecond),
        bareRunsReqPerS: bareRuns.map((r) => r.requestsPerSecond),
        poolSize: pool.options.max,
      },
      ...(problems ? { note: `non-2xx or errors: service ${app.non2xx}/${app.errors}, bare ${base.non2xx}/${base.errors}` } : {}),
    };
  } catch (error) {
    return failed(ID, NAME, TARGET, error);
  } finally {
    await service.app.close();
    await bare.close();
  }
}
