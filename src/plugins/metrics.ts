import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { scorecardCacheCounts } from '../services/indicators/scorecard.js';

/**
 * Prometheus text at /metrics: process metrics, request durations by route and status, scorecard cache use,
 * and where computed answers were read (primary or replica) with the replica's fallbacks.
 */
export const metricsPlugin = fp(async (app: FastifyInstance) => {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route and status code',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  new Counter({
    name: 'scorecard_cache_requests_total',
    help: 'Scorecards answered from the cache (hit) or computed because none was current (miss)',
    labelNames: ['result'],
    registers: [registry],
    // the service counts for the whole process; the counter shows its totals when scraped
    collect() {
      const { hits, misses } = scorecardCacheCounts();
      this.reset();
      this.inc({ result: 'hit' }, hits);
      this.inc({ result: 'miss' }, misses);
    },
  });
  // computed answers by the database they were read from, and reads meant for the replica that went to the primary
  const router = app.hasDecorator('readRouter') ? app.readRouter : undefined;
  if (router) {
    new Counter({
      name: 'database_computed_reads_total',
      help: 'Computed answers read from the primary or the read replica (src/services/read-routing.ts)',
      labelNames: ['source'],
      registers: [registry],
      collect() {
        const { reads } = router.counts();
        this.reset();
        for (const [source, n] of Object.entries(reads)) this.inc({ source }, n);
      },
    });
    new Counter({
      name: 'read_replica_fallbacks_total',
      help: 'Reads meant for the read replica answered from the primary: the replica was behind the data version asked for (lag) or failed (error)',
      labelNames: ['reason'],
      registers: [registry],
      collect() {
        const { fallbacks } = router.counts();
        this.reset();
        for (const [reason, n] of Object.entries(fallbacks)) this.inc({ reason }, n);
      },
    });
  }
  app.addHook('onResponse', async (request, reply) => {
    duration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });
});
