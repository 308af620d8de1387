// One contract run: an app holding the demo county, requests generated from its OpenAPI document for
// every operation, and every answer checked. Used by openapi-contract.test.ts.

import fc from 'fast-check';
import { buildJiaolingDemo } from '../../src/demo/jiaoling.js';
import { bearer, type TestApp } from '../helpers/app.js';
import { problemsOf } from './checks.js';
import { DocumentSchemas, operationsOf, type Operation } from './document.js';
import { templates, type World } from './realistic.js';
import { RequestFactory, type Draft } from './requests.js';

export const MIN_REQUESTS = 5_000;

/**
 * Operations that compute over a whole county or freeze it: fewer requests each, so a run stays quick;
 * the cheap ones make up the total.
 */
const HEAVY = new Set([
  'getCountyResourceAllocation',
  'getCountyScorecard',
  'getCountyClassSizes',
  'getSchoolIndicators',
  'getCountyEntitlements',
  'getCountyFundingCompliance',
  'bulkLoad',
  'createCountyFundingRun',
  'verifyFundingRun',
  'getFundingRun',
  'getFundingRunDiff',
]);
const HEAVY_REQUESTS = 20;

export interface Failure {
  draft: Draft;
  status: number;
  answer: string;
  problems: string[];
}

export interface ContractRun {
  operations: Operation[];
  sent: number;
  failures: Failure[];
  /** Operations that answered 2xx at least once. */
  succeeded: Set<string>;
  /** Realistic request templates whose operationId is not one of the document's (renamed or removed). */
  unknownTemplates: string[];
}

/** Reads first, then writes, deletes last: deleting real records early would starve the rest of real data. */
const ORDER: Record<string, number> = { GET: 0, POST: 1, PUT: 1, DELETE: 2 };

/** Loads the demo county and what the requests need besides (runs, spare keys), then sends and checks. */
export async function runContract(h: TestApp, seed: number): Promise<ContractRun> {
  const bundle = buildJiaolingDemo();
  const loaded = await h.call('POST', '/v1/bulk', bundle);
  if (loaded.status !== 200) throw new Error(`the demo county did not load: ${loaded.status} ${loaded.text.slice(0, 300)}`);
  const runIds: string[] = [];
  for (const year of [2023, 2024]) {
    const run = await h.call('POST', `/v1/counties/441427/years/${year}/funding-runs`, {});
    if (run.status !== 201) throw new Error(`no funding run for ${year}: ${run.status} ${run.text.slice(0, 300)}`);
    runIds.push(run.body.runId);
  }
  const keys = await h.call('GET', '/v1/api-keys?limit=1000');
  const adminKeyId = (keys.body.items as { id: string; name: string }[]).find((k) => k.name === 'test-admin')!.id;
  const spareKeyIds: string[] = [];
  for (const name of ['spare-1', 'spare-2', 'spare-3']) spareKeyIds.push((await h.makeKey({ name, scopes: ['read'] })).id);
  const policies = (await h.call('GET', '/v1/policies?limit=1000')).body.items as Record<string, unknown>[];
  const world: World = { bundle, runIds, policyIds: policies.map((p) => String(p.id)), policies, adminKeyId, spareKeyIds };

  const doc = h.app.swagger() as unknown as Record<string, unknown>;
  const schemas = new DocumentSchemas(doc);
  const operations = operationsOf(doc).sort((a, b) => (ORDER[a.method] ?? 1) - (ORDER[b.method] ?? 1));
  const bodyFields = (operationId: string) => {
    const body = operations.find((op) => op.operationId === operationId)?.body;
    return Object.keys((body ? schemas.resolve(body.schema).properties : undefined) ?? {});
  };
  const realistic = templates(world, bodyFields);
  const unknownTemplates = Object.keys(realistic).filter((id) => !operations.some((op) => op.operationId === id));
  const factory = new RequestFactory(schemas, world, realistic);
  const heavy = operations.filter((op) => HEAVY.has(op.operationId)).length;
  const perLight = Math.ceil((MIN_REQUESTS - heavy * HEAVY_REQUESTS) / Math.max(1, operations.length - heavy)) + 2;

  const failures: Failure[] = [];
  const succeeded = new Set<string>();
  let sent = 0;
  for (const [index, op] of operations.entries()) {
    const count = HEAVY.has(op.operationId) ? HEAVY_REQUESTS : perLight;
    for (const draft of fc.sample(factory.arbitrary(op), { seed: seed + index, numRuns: count })) {
      const res = await h.app.inject({
        method: draft.method as 'GET',
        url: draft.url,
        headers: { ...bearer(h.adminToken), ...draft.headers },
        ...(draft.payload !== undefined ? { payload: draft.payload } : {}),
      });
      sent += 1;
      // a 304 (If-None-Match named the current answer) is as real an answer as a 200
      if (res.statusCode < 300 || res.statusCode === 304) succeeded.add(op.operationId);
      const answer = { status: res.statusCode, contentType: String(res.headers['content-type'] ?? ''), body: res.body };
      const problems = problemsOf(op, draft, answer, schemas);
      if (problems.length > 0) failures.push({ draft, status: res.statusCode, answer: res.body, problems });
    }
  }
  return { operations, sent, failures, succeeded, unknownTemplates };
}
