// Runs autocannon in a child process, so that the load generator does not share the event loop of the
// server it measures (both servers of a comparison live in the benchmark's own process).
import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';

const require = createRequire(import.meta.url);

export interface LoadOptions {
  /** Base URL, e.g. http://127.0.0.1:3000 */
  url: string;
  /** Paths requested in turn, one per request. */
  paths: string[];
  connections: number;
  /** Seconds. */
  duration: number;
  headers?: Record<string, string>;
}

export interface LoadResult {
  requestsPerSecond: number;
  requests: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  seconds: number;
}

// Plain CommonJS for `node -e`: no TypeScript loader is needed in the child. (Not a worker thread:
// autocannon skips its result aggregation when it is not on a main thread.)
const CHILD = `
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => { input += d; });
process.stdin.on('end', () => {
  const { autocannon: path, options } = JSON.parse(input);
  const autocannon = require(path);
  const { url, paths, connections, duration, headers } = options;
  let next = 0;
  autocannon(
    {
      url,
      connections,
      duration,
      headers: headers || {},
      requests: [{ method: 'GET', setupRequest: (req) => { req.path = paths[next++ % paths.length]; return req; } }],
    },
    (err, r) => {
      if (err) { process.stdout.write(JSON.stringify({ error: String((err && err.stack) || err) })); return; }
      process.stdout.write(JSON.stringify({ result: {
        requestsPerSecond: r.requests.average,
        requests: r.requests.total,
        p50Ms: r.latency.p50,
        p90Ms: r.latency.p90,
        p99Ms: r.latency.p99,
        maxMs: r.latency.max,
        non2xx: r.non2xx,
        errors: r.errors,
        timeouts: r.timeouts,
        seconds: r.duration,
      } }));
    },
  );
});
`;

/** One autocannon run against `url` in a child process; resolves with its figures (latencies in ms). */
export function runLoad(options: LoadOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', CHILD], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.once('error', reject);
    child.once('close', (code) => {
      try {
        const m = JSON.parse(out) as { error?: string; result?: LoadResult };
        if (m.result) resolve(m.result);
        else reject(new Error(`autocannon failed: ${m.error ?? 'no result'}`));
      } catch {
        reject(new Error(`autocannon exited with code ${code}: ${err.slice(0, 500) || out.slice(0, 500)}`));
      }
    });
    child.stdin.end(JSON.stringify({ autocannon: require.resolve('autocannon'), options }));
  });
}

/** The run with the median throughput (rounds alternate between the service and its baseline). */
export const median = (runs: LoadResult[]): LoadResult =>
  runs.slice().sort((a, b) => a.requestsPerSecond - b.requestsPerSecond)[Math.floor((runs.length - 1) / 2)] as LoadResult;

/** The figures of a run that go into results.json. */
export const summary = (r: LoadResult) => ({
  requestsPerSecond: r.requestsPerSecond,
  requests: r.requests,
  p50Ms: r.p50Ms,
  p90Ms: r.p90Ms,
  p99Ms: r.p99Ms,
  maxMs: r.maxMs,
  non2xx: r.non2xx,
  errors: r.errors,
  timeouts: r.timeouts,
});
