// `npm test` runs the test files in a few processes instead of one process per file: every process loads
// the service's modules, starts its JIT and opens its first database once, which costs about 3 CPU-seconds,
// as much as many files' tests take. tap runs the shard files of test/shards/ (two at a time, .taprc); each
// imports its share of the test files one after another (test/helpers/file-test.ts), every file in a
// subtest of its own, with its own app and database as before.
//
// The share is decided here, the same on every run: the test files are dealt, heaviest first, to whichever
// shard has the least work so far. Adding a shard file under test/shards/ spreads the files over one more.

import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import tap from 'tap';
import { runFile } from './file-test.js';

const TEST_ROOT = path.resolve(import.meta.dirname, '..');
const SHARD_DIR = path.join(TEST_ROOT, 'shards');

/**
 * Seconds a file's tests take on PGlite and on PostgreSQL, for the files well above the usual 1–3 (measured
 * in the shards on a quiet machine; PostgreSQL-only files take next to nothing on PGlite, where they skip).
 * A file not listed counts as DEFAULT_SECONDS. Only the balance of the shards depends on these figures.
 */
const SECONDS: Record<string, [pglite: number, postgres: number]> = {
  'security/cli.test.ts': [28, 6],
  'browser/pages.test.ts': [22, 19],
  'contract/openapi-contract.test.ts': [21, 15],
  'startup.test.ts': [14, 4],
  'security/fuzz.test.ts': [11, 6],
  'server-process.test.ts': [9, 5],
  'sync/changes.test.ts': [8, 5],
  'sync/conditional.test.ts': [6, 3],
  'security/auth-matrix.test.ts': [5, 4],
  'planning/what-if.test.ts': [5, 3],
  'planning/demo-plan.test.ts': [5, 4],
  'indicators/demo.test.ts': [5, 3],
  'compare/demo.test.ts': [5, 2],
  'sync/rollups.test.ts': [4, 3],
  'sync/replica.test.ts': [4, 7],
  'security/limits.test.ts': [4, 3],
  'security/api-keys-audit.test.ts': [4, 2],
  'pages/county-report.test.ts': [4, 3],
  'funding/runs.test.ts': [4, 3],
  'funding/entitlements.test.ts': [4, 6],
  'security/injection.test.ts': [3, 2],
  'routes/xlsx.test.ts': [3, 2],
  'routes/demo-over-http.test.ts': [3, 2],
  'routes/csv.test.ts': [3, 3],
  'planning/reason-zh.test.ts': [3, 2],
  'pages/trends.test.ts': [3, 5],
  'pages/tasks.test.ts': [3, 1],
  'openapi/security-headers.test.ts': [3, 4],
  'openapi/openapi.test.ts': [3, 3],
  'indicators/scorecard-cache.test.ts': [3, 2],
  'funding/run-comparison.test.ts': [3, 3],
  'funding/policies.test.ts': [3, 2],
  'pages/sign-in.test.ts': [2, 3],
  'indicators/hand-made.test.ts': [2, 3],
  'helpers/templates.test.ts': [2, 3],
  'sync/instances.test.ts': [0, 7],
  'sync/idempotency.test.ts': [0, 3],
  'soak/soak.test.ts': [0, 23],
  'one-query-per-connection.test.ts': [0, 3],
  'bench/benchmarks.test.ts': [0, 20],
};
const DEFAULT_SECONDS = 2;

/** Every test file under test/ but the shards, as paths relative to test/, in a stable order. */
export function testFiles(): string[] {
  return readdirSync(TEST_ROOT, { recursive: true, encoding: 'utf8' })
    .map((file) => file.split(path.sep).join('/'))
    .filter((file) => file.endsWith('.test.ts') && !file.startsWith('shards/'))
    .sort();
}

/** The shard files, by name. */
export function shardNames(): string[] {
  return readdirSync(SHARD_DIR)
    .filter((file) => file.endsWith('.test.ts'))
    .sort();
}

/** The files of each of `count` shards: heaviest first, each to the shard with the least work so far. */
export function dealFiles(files: string[], count: number): string[][] {
  const shards = Array.from({ length: count }, () => ({ seconds: 0, files: [] as string[] }));
  const column = process.env.DATABASE_URL ? 1 : 0;
  const weight = (file: string) => SECONDS[file]?.[column] ?? DEFAULT_SECONDS;
  const byWeight = [...files].sort((a, b) => weight(b) - weight(a) || a.localeCompare(b));
  for (const file of byWeight) {
    const lightest = shards.reduce((best, shard) => (shard.seconds < best.seconds ? shard : best));
    lightest.seconds += weight(file);
    lightest.files.push(file);
  }
  return shards.map((shard) => shard.files.sort());
}

/** Runs the share of the shard file `meta` belongs to, each test file as a subtest named by its path. */
export async function runShard(meta: ImportMeta): Promise<void> {
  const names = shardNames();
  const index = names.indexOf(path.basename(meta.filename));
  if (index < 0) throw new Error(`${meta.filename} is not a shard file of ${SHARD_DIR}`);
  const files = dealFiles(testFiles(), names.length)[index] ?? [];
  for (const file of files) await runFile(tap, `test/${file}`, pathToFileURL(path.join(TEST_ROOT, file)).href);
}
