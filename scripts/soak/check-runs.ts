// The check of the funding runs: no Idempotency-Key made two runs, every run answered 2xx exists and every
// answer for one key names the same run, a run exists only for a request that may have made it, and every
// run's verification recomputes it exactly (`reproducible`).
import type { Entry } from './history.js';
import { type SoakClient, parseJson } from './http.js';
import { COUNTY, YEARS } from './world.js';

export interface StoredRun {
  runId: string;
  year: number;
  idempotencyKey: string | null;
}

export interface RunCheck {
  runs: number;
  keys: number;
  requests: number;
  duplicateRuns: number;
  lost: number;
  phantom: number;
  inconsistentAnswers: number;
  wronglyRefused: number;
  verified: number;
  notReproducible: number;
  verifyFailed: number;
  problems: string[];
}

export async function readRuns(client: SoakClient, token: string): Promise<StoredRun[]> {
  const runs: StoredRun[] = [];
  for (const year of YEARS) {
    for (let offset = 0; ; offset += 1000) {
      const path = `/v1/counties/${COUNTY}/years/${year}/funding-runs?limit=1000&offset=${offset}`;
      const answer = await client.request({ method: 'GET', path, token, timeoutMs: 120_000 });
      if (answer.status !== 200) throw new Error(`GET ${path}: ${answer.status ?? answer.error} ${answer.text.slice(0, 300)}`);
      const page = parseJson(answer.text) as { items: StoredRun[]; total: number };
      runs.push(...page.items);
      if (page.items.length === 0 || offset + page.items.length >= page.total) break;
    }
  }
  return runs;
}

/** POST …/verify of every run, `parallel` at a time: each must answer 200 with `reproducible: true`. */
export async function verifyRuns(client: SoakClient, token: string, runs: StoredRun[], parallel: number) {
  const failures: string[] = [];
  let notReproducible = 0;
  let verified = 0;
  const queue = [...runs];
  const next = async (): Promise<void> => {
    for (let run = queue.shift(); run; run = queue.shift()) {
      const answer = await client.request({ method: 'POST', path: `/v1/funding-runs/${run.runId}/verify`, token, timeoutMs: 120_000 });
      const body = parseJson(answer.text) as { reproducible?: boolean } | undefined;
      if (answer.status !== 200) failures.push(`verify ${run.runId}: ${answer.status ?? answer.error} ${answer.text.slice(0, 200)}`);
      else if (body?.reproducible !== true) {
        notReproducible++;
        failures.push(`verify ${run.runId}: not reproducible ${answer.text.slice(0, 300)}`);
      } else verified++;
    }
  };
  await Promise.all(Array.from({ length: parallel }, next));
  return { verified, notReproducible, failures };
}

const MAX_PROBLEMS = 50;

export function checkRuns(entries: Entry[], runs: StoredRun[], verification: Awaited<ReturnType<typeof verifyRuns>>): RunCheck {
  const result: RunCheck = {
    runs: runs.length,
    keys: 0,
    requests: 0,
    duplicateRuns: 0,
    lost: 0,
    phantom: 0,
    inconsistentAnswers: 0,
    wronglyRefused: 0,
    verified: verification.verified,
    notReproducible: verification.notReproducible,
    verifyFailed: verification.failures.length - verification.notReproducible,
    problems: [...verification.failures.slice(0, MAX_PROBLEMS)],
  };
  const problem = (text: string) => {
    if (result.problems.length < MAX_PROBLEMS) result.problems.push(text);
  };
  const runsByKey = new Map<string, StoredRun[]>();
  for (const run of runs) {
    const key = run.idempotencyKey ?? '(none)';
    runsByKey.set(key, [...(runsByKey.get(key) ?? []), run]);
  }
  const requestsByKey = new Map<string, Entry[]>();
  for (const entry of entries) {
    if (!entry.funding) continue;
    result.requests++;
    const key = entry.funding.idempotencyKey;
    requestsByKey.set(key, [...(requestsByKey.get(key) ?? []), entry]);
  }
  result.keys = requestsByKey.size;

  for (const [key, stored] of runsByKey) {
    if (stored.length > 1) {
      result.duplicateRuns += stored.length - 1;
      problem(`Idempotency-Key ${key} has ${stored.length} runs: ${stored.map((r) => r.runId).join(', ')}`);
    }
    const requests = requestsByKey.get(key) ?? [];
    for (const run of stored) {
      // a run needs a request for its year that took effect or may have
      const maker = requests.find((r) => r.funding?.year === run.year && (r.outcome === 'ok' || r.outcome === 'indeterminate'));
      if (!maker) {
        result.phantom++;
        problem(`run ${run.runId} (key ${key}, ${run.year}) has no request that may have made it`);
      }
    }
  }

  for (const [key, requests] of requestsByKey) {
    const run = runsByKey.get(key)?.[0];
    const acked = requests.filter((r) => r.outcome === 'ok');
    if (acked.length > 0 && !run) {
      result.lost++;
      problem(`Idempotency-Key ${key}: ${acked.length} request(s) answered 2xx (run ${acked[0]?.funding?.runId}), but no run has the key`);
      continue;
    }
    const answered = new Set(acked.map((r) => r.funding?.runId));
    if (answered.size > 1 || (run && acked.some((r) => r.funding?.runId !== run.runId))) {
      result.inconsistentAnswers++;
      problem(`Idempotency-Key ${key}: answers name runs ${[...answered].join(', ')}; stored ${run?.runId ?? 'none'}`);
    }
    const created = acked.filter((r) => !r.funding?.replayed);
    if (created.length > 1) {
      result.inconsistentAnswers++;
      problem(`Idempotency-Key ${key}: ${created.length} requests were answered 201 (created)`);
    }
    if (run) {
      for (const r of requests) {
        if (r.outcome === 'refused' && r.funding?.year === run.year) {
          result.wronglyRefused++;
          problem(`Idempotency-Key ${key}: ${r.requestId} asked for the run's own county-year and was refused with ${r.status}`);
        }
      }
    }
  }
  return result;
}
