// The OpenAPI document as a contract: for every operation, generated requests (valid ones reaching the demo
// county's real records, and ones with one deliberate fault) are sent as an admin key, and every answer
// must be one the document describes. Seeded: CONTRACT_SEED=<n> replays a run exactly; a failure prints
// its request.

import { fileTest } from '../helpers/file-test.js';
import { createTestApp } from '../helpers/app.js';
import { KNOWN_DEFECTS } from './known-defects.js';
import { MIN_REQUESTS, runContract, type Failure } from './run.js';

const t = fileTest(import.meta);

const DEFAULT_SEED = 20_260_101;

const clip = (text: string, n: number) => (text.length > n ? `${text.slice(0, n)}…` : text);
const describe = (f: Failure) =>
  [
    `${f.draft.method} ${clip(f.draft.url, 300)}`,
    ...Object.entries(f.draft.headers).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`),
    ...(f.draft.payload !== undefined ? [`  body: ${clip(f.draft.payload, 400)}`] : []),
    `  fault: ${f.draft.fault ?? 'none'}; expectation: ${f.draft.expectation}`,
    `  → ${f.status} ${clip(f.answer, 400)}`,
    ...f.problems.map((p) => `  ✗ ${clip(p, 400)}`),
  ].join('\n');

t.test('every operation of the OpenAPI document answers as the document says', async (t) => {
  const seed = Number(process.env.CONTRACT_SEED ?? DEFAULT_SEED);
  t.comment(`contract seed ${seed} (replay with CONTRACT_SEED=${seed})`);
  const h = await createTestApp();
  t.teardown(() => h.close());

  const run = await runContract(h, seed);
  t.same(run.unknownTemplates, [], 'every realistic request template names an operation of the document');
  t.ok(run.sent >= MIN_REQUESTS, `${run.sent} requests over ${run.operations.length} operations`);
  const silent = run.operations.filter((op) => op.method === 'GET' && !run.succeeded.has(op.operationId)).map((op) => op.operationId);
  t.same(silent, [], 'every read operation reached real data (a 2xx) at least once');

  // Failures a known, narrowly described defect explains are reported, not failed.
  const unexplained: Failure[] = [];
  const explained = new Map<string, Failure[]>();
  for (const failure of run.failures) {
    for (const d of KNOWN_DEFECTS)
      if (failure.problems.some((p) => d.matches(failure.draft, failure.status, p))) explained.set(d.id, [...(explained.get(d.id) ?? []), failure]);
    const open = failure.problems.filter((p) => !KNOWN_DEFECTS.some((d) => d.matches(failure.draft, failure.status, p)));
    if (open.length > 0) unexplained.push({ ...failure, problems: open });
  }
  for (const d of KNOWN_DEFECTS) {
    const seen = explained.get(d.id) ?? [];
    t.comment(`known defect ${d.id} (${d.fix}): ${seen.length} answer(s)${seen[0] ? `, e.g.\n${describe(seen[0])}` : ''}`);
  }
  // One example per operation and kind of problem, so a systematic failure does not hide the others.
  const kinds = new Map<string, { failure: Failure; count: number }>();
  for (const f of unexplained) {
    const kind = `${f.draft.operationId}: ${f.problems[0]!.replace(/"[^"]*"/g, '"…"').slice(0, 120)}`;
    const seen = kinds.get(kind);
    if (seen) seen.count += 1;
    else kinds.set(kind, { failure: f, count: 1 });
  }
  const examples = [...kinds.entries()].slice(0, 25).map(([kind, { failure, count }]) => `[${count}×] ${kind}\n${describe(failure)}`);
  t.equal(unexplained.length, 0, `answers that break the document (seed ${seed}; one example per operation and kind below)`, { examples });
});
