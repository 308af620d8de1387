// API county scorecard: GET /v1/counties/{countyCode}/years/{year}/scorecard of the county closest to 150
// schools inside the full province, on the real app under autocannon (50 connections), against a bare
// Fastify route that runs the hand-written scorecard bound for that county (bench/scorecard-bound.ts: the
// per-unit B1–B7 figures, B16 / B18 over the teachers' history windows, B19, the class sizes, the funding
// inputs and the county's facts, side by side on the same pg pool) and returns the rows as JSON, with no
// auth, helmet, validation or schema. Two figures: cold (the scorecard cache off: every request computes
// the answer) and warm (the cache on: a repeated scorecard of unchanged data costs a version lookup).
// Same method as bench/api-read.ts: both servers in this process, autocannon in a child process,
// warm-up, rounds alternating bound / cold / warm, medians and every round's ratio.
import { isDeepStrictEqual } from 'node:util';
import Fastify from 'fastify';
import type { Database } from '../src/db/connection.js';
import { computeScorecard, configureScorecardCache, scorecard } from '../src/services/indicators/scorecard.js';
import type { BenchAuth } from './auth.js';
import { poolOf } from './api-read.js';
import { commonIndicatorPolicy } from './indicators.js';
import { median, runLoad, summary, type LoadResult } from './load.js';
import { failed, roundFigures, type BenchResult } from './results.js';
import { runScorecardBound } from './scorecard-bound.js';
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

const COLD = { id: 'api.scorecard', name: 'API: county scorecard, cold (150-school county)' };
const WARM = { id: 'api.scorecard-warm', name: 'API: county scorecard, warm (cached, unchanged data)' };
const TARGET = '>= 50% of bare aggregate req/s';
const MIN_RATIO = 0.5;
const CACHE_ENTRIES = 500;

export async function benchApiScorecard(o: ApiScorecardOptions): Promise<BenchResult[]> {
  const log = o.log ?? (() => {});
  if (o.database.kind !== 'postgres') return [COLD, WARM].map((b) => failed(b.id, b.name, TARGET, new Error('needs PostgreSQL')));
  const pool = poolOf(o.database);
  let bare: ReturnType<typeof Fastify> | null = null;
  let service: Awaited<ReturnType<typeof startService>> | null = null;
  try {
    const want = o.schools ?? 150;
    const counties = await provinceCounties(pool, o.year);
    const county = counties.reduce((a, c) => (Math.abs(c.schools - want) < Math.abs(a.schools - want) ? c : a));
    const policy = await commonIndicatorPolicy(o.database, [county.countyCode], o.year);

    // not timed: the bound's history figures are the service's, and the cached answer is the computed one
    const bound = await runScorecardBound(pool, policy.params, o.year, county.countyCode);
    configureScorecardCache({ maxEntries: CACHE_ENTRIES });
    const computed = await computeScorecard(o.database.db, county.countyCode, o.year);
    await scorecard(o.database.db, county.countyCode, o.year);
    const cached = await scorecard(o.database.db, county.countyCode, o.year);
    const detailOf = (id: string) => computed.indicators.find((i) => i.id === id)?.detail as Record<string, number> | undefined;
    const b16 = detailOf('B16');
    const b18 = detailOf('B18');
    const h = bound.history;
    const mismatches: string[] = [];
    if (b16?.fullTime !== h.full_time || b16?.completed !== h.completed) mismatches.push(`B16 ${b16?.completed}/${b16?.fullTime} vs bound ${h.completed}/${h.full_time}`);
    if (b18?.teacherYears !== h.teacher_years || b18?.rotated !== h.rotated || b18?.eligible !== h.eligible || b18?.eligibleByTenure !== h.eligible_by_tenure) {
      mismatches.push(`B18 ${JSON.stringify(b18)} vs bound ${JSON.stringify(h)}`);
    }
    if (!isDeepStrictEqual(JSON.parse(JSON.stringify(cached)), JSON.parse(JSON.stringify(computed)))) mismatches.push('the cached answer differs from the computed one');

    bare = Fastify({ logger: false });
    bare.get('/v1/counties/:countyCode/years/:year/scorecard', async () => runScorecardBound(pool, policy.params, o.year, county.countyCode));
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
    const cold = async (duration: number) => {
      configureScorecardCache({ maxEntries: 0 });
      return run(service!.url, duration);
    };
    const warm = async (duration: number) => {
      configureScorecardCache({ maxEntries: CACHE_ENTRIES });
      return run(service!.url, duration);
    };
    const warmUp = Math.max(1, Math.round(o.duration / 2));
    log(`api: scorecard of ${county.countyCode} (${county.schools} schools): warm-up ${warmUp} s each`);
    await run(bareServer.url, warmUp);
    await cold(warmUp);
    await warm(warmUp);
    const bareRuns: LoadResult[] = [];
    const coldRuns: LoadResult[] = [];
    const warmRuns: LoadResult[] = [];
    for (let round = 1; round <= o.rounds; round++) {
      log(`api: scorecard round ${round}/${o.rounds}: bare aggregate, service cold, service warm, ${o.duration} s each, ${o.connections} connections`);
      bareRuns.push(await run(bareServer.url, o.duration));
      coldRuns.push(await cold(o.duration));
      warmRuns.push(await warm(o.duration));
    }
    configureScorecardCache({ maxEntries: CACHE_ENTRIES });
    const base = median(bareRuns);
    if (base.requests === 0) throw new Error('no request to the bare route completed');
    const result = (which: typeof COLD, runs: LoadResult[]): BenchResult => {
      const app = median(runs);
      const problems = [...runs, ...bareRuns].some((r) => r.non2xx > 0 || r.errors > 0 || r.timeouts > 0);
      const ratio = app.requestsPerSecond / base.requestsPerSecond;
      const rounds = roundFigures(
        runs.map((r) => r.requestsPerSecond),
        bareRuns.map((r) => r.requestsPerSecond),
        (x) => x >= MIN_RATIO,
      );
      const notes = [
        ...(problems ? [`non-2xx / errors / timeouts (autocannon gives up after 10 s): service ${app.non2xx}/${app.errors}/${app.timeouts}, bare ${base.non2xx}/${base.errors}/${base.timeouts}`] : []),
        ...(mismatches.length ? [`DISAGREE: ${mismatches.join('; ')}`] : []),
      ];
      return {
        id: which.id,
        benchmark: which.name,
        status: 'measured',
        measured: { value: app.requestsPerSecond, unit: 'req/s' },
        baseline: { value: base.requestsPerSecond, unit: 'req/s' },
        ratio,
        target: TARGET,
        met: !problems && mismatches.length === 0 && rounds.everyRoundMet,
        rounds,
        detail: {
          countyCode: county.countyCode,
          schools: county.schools,
          year: o.year,
          policyId: policy.id,
          connections: o.connections,
          seconds: o.duration,
          auth: o.auth.mode,
          cache: which === COLD ? 'off' : `on (${CACHE_ENTRIES} entries)`,
          service: summary(app),
          bare: summary(base),
          check: { boundHistory: bound.history, boundUnits: bound.units.length, mismatches },
          poolSize: pool.options.max,
        },
        ...(notes.length ? { note: notes.join('; ') } : {}),
      };
    };
    return [result(COLD, coldRuns), result(WARM, warmRuns)];
  } catch (error) {
    return [COLD, WARM].map((b) => failed(b.id, b.name, TARGET, error));
  } finally {
    configureScorecardCache({ maxEntries: CACHE_ENTRIES });
    await service?.app.close();
    await bare?.close();
  }
}
