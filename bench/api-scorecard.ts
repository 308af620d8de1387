// API county scorecard: GET /v1/counties/{countyCode}/years/{year}/scorecard of the county closest to 150
// schools inside the full province, on the real app under autocannon (50 connections), against a bare
// Fastify route that runs the hand-written indicator aggregate for that county (bench/indicator-bound.ts:
// the per-unit numerators and denominators of B1–B7, on the same pg pool) and returns the rows as JSON,
// with no auth, helmet, validation or schema. Same method as bench/api-read.ts: both servers in this
// process, autocannon in a child process, warm-up, alternating rounds, medians.
import Fastify from 'fastify';
import type { Database } from '../src/db/connection.js';
import type { BenchAuth } from './auth.js';
import { poolOf } from './api-read.js';
import { indicatorBoundQuery } from './indicator-bound.js';
import { commonIndicatorPolicy } from './indicators.js';
import { median, runLoad, summary, type LoadResult } from './load.js';
import { failed, type BenchResult } from './results.js';
import { listen, startService } from './server.js';
import { provinceCounties } from './timing.js';

export interface ApiScorecardOptions {
  database: Database;
  auth: BenchAuth;
  year: number;
  connections: number;
  /** Seconds per measured run (a warm-up of half of it, at least 1 s, comes first). */
  duration: number;
  rounds: number;
  /** Schools of the county to pick (the closest; default 150). */
  schools?: number;
  log?: (line: string) => void;
}

const ID = 'api.scorecard';
const NAME = 'API: county scorecard (150-school county)';
const TARGET = '>= 50% of bare aggregate req/s';

export async function benchApiScorecard(o: ApiScorecardOptions): Promise<BenchResult> {
  const log = o.log ?? (() => {});
  if (o.database.kind !== 'postgres') return failed(ID, NAME, TARGET, new Error('needs PostgreSQL'));
  const pool = poolOf(o.database);
  let bare: ReturnType<typeof Fastify> | null = null;
  let service: Awaited<ReturnType<typeof startService>> | null = null;
  try {
    const want = o.schools ?? 150;
    const counties = await provinceCounties(pool, o.year);
    const county = counties.reduce((a, c) => (Math.abs(c.schools - want) < Math.abs(a.schools - want) ? c : a));
    const policy = await commonIndicatorPolicy(o.database, [county.countyCode], o.year);
    const statement = indicatorBoundQuery(policy.params, o.year, county.countyCode);

    bare = Fastify({ logger: false });
    bare.get('/v1/counties/:countyCode/years/:year/scorecard', async () => (await pool.query(statement)).rows);
    const bareServer = await listen(bare);
    service = await startService(o.database);
    const paths = [`/v1/counties/${county.countyCode}/years/${o.year}/scorecard`];
    // autocannon stops sending when its time is up, but the server still works off the requests in flight
    // (at tens of requests per second, 50 of them take seconds): wait until the shared pool is idle, so
    // that one run's leftovers do not slow the next one down (the bare route shares the pool).
    const drain = async () => {
      const until = Date.now() + 60_000;
      let quiet = 0;
      while (Date.now() < until && quiet < 3) {
        await new Promise((r) => setTimeout(r, 100));
        quiet = pool.waitingCount === 0 && pool.idleCount === pool.totalCount ? quiet + 1 : 0;
      }
    };
    const run = async (url: string, duration: number) => {
      const result = await runLoad({ url, paths, connections: o.connections, duration, headers: o.auth.headers });
      await drain();
      return result;
    };
    const warm = Math.max(1, Math.round(o.duration / 2));
    log(`api: scorecard of ${county.countyCode} (${county.schools} schools): warm-up ${warm} s each`);
    await run(bareServer.url, warm);
    await run(service.url, warm);
    const bareRuns: LoadResult[] = [];
    const appRuns: LoadResult[] = [];
    for (let round = 1; round <= o.rounds; round++) {
      log(`api: scorecard round ${round}/${o.rounds}: bare aggregate then service, ${o.duration} s each, ${o.connections} connections`);
      bareRuns.push(await run(bareServer.url, o.duration));
      appRuns.push(await run(service.url, o.duration));
    }
    const base = median(bareRuns);
    const app = median(appRuns);
    const problems = [...appRuns, ...bareRuns].some((r) => r.non2xx > 0 || r.errors > 0 || r.timeouts > 0);
    if (base.requests === 0) throw new Error('no request to the bare route completed');
    const ratio = app.requestsPerSecond / base.requestsPerSecond;
    return {
      id: ID,
      benchmark: NAME,
      status: 'measured',
      measured: { value: app.requestsPerSecond, unit: 'req/s' },
      baseline: { value: base.requestsPerSecond, unit: 'req/s' },
      ratio,
      target: TARGET,
      met: !problems && ratio >= 0.5,
      detail: {
        countyCode: county.countyCode,
        schools: county.schools,
        year: o.year,
        policyId: policy.id,
        connections: o.connections,
        seconds: o.duration,
        auth: o.auth.mode,
        rounds: o.rounds,
        service: summary(app),
        bare: summary(base),
        serviceRunsReqPerS: appRuns.map((r) => r.requestsPerSecond),
        bareRunsReqPerS: bareRuns.map((r) => r.requestsPerSecond),
        poolSize: pool.options.max,
      },
      ...(problems
        ? { note: `non-2xx / errors / timeouts (autocannon gives up after 10 s): service ${app.non2xx}/${app.errors}/${app.timeouts}, bare ${base.non2xx}/${base.errors}/${base.timeouts}` }
        : {}),
    };
  } catch (error) {
    return failed(ID, NAME, TARGET, error);
  } finally {
    await service?.app.close();
    await bare?.close();
  }
}
