import { readFileSync } from 'node:fs';
import { fileTest } from '../helpers/file-test.js';
import { renderOpenApi } from '../../scripts/openapi-document.js';
import { operationIdOf } from '../../src/plugins/openapi-conventions.js';
import { MAX_OFFSET } from '../../src/schemas/common.js';

const t = fileTest(import.meta);

type Json = Record<string, any>;
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

const generated = await renderOpenApi();
const doc = JSON.parse(generated) as Json;
const operations = Object.entries(doc.paths as Json).flatMap(([path, item]) =>
  METHODS.filter((m) => item[m]).map((method) => ({ method, path, op: item[method] as Json })),
);
const name = (o: { method: string; path: string }) => `${o.method.toUpperCase()} ${o.path}`;

/** Every operation that answers text/csv (`?format=csv` or `Accept: text/csv`), by the routes' code. */
const CSV_OPERATIONS = [
  'GET /v1/counties',
  'GET /v1/towns',
  'GET /v1/schools',
  'GET /v1/schools/{schoolCode}/years',
  'GET /v1/schools/{schoolCode}/years/{year}/classes',
  'GET /v1/teachers',
  'GET /v1/teacher-years',
  'GET /v1/teachers/{staffCode}/years',
  'GET /v1/audit-events',
  'GET /v1/indicators',
  'GET /v1/counties/{countyCode}/years/{year}/resource-allocation',
  'GET /v1/counties/{countyCode}/years/{year}/class-sizes',
  'GET /v1/counties/{countyCode}/years/{year}/scorecard',
  'GET /v1/schools/{schoolCode}/years/{year}/entitlement',
  'GET /v1/counties/{countyCode}/years/{year}/entitlements',
  'GET /v1/counties/{countyCode}/years/{year}/funding-compliance',
  'GET /v1/counties/{countyCode}/years/{year}/remediation-plan',
  'POST /v1/counties/{countyCode}/years/{year}/remediation-plan',
  'GET /v1/funding-runs/{runId}/lines',
  'GET /v1/counties/{countyCode}/years',
  'GET /v1/schools/{schoolCode}/compare',
  'GET /v1/counties/{countyCode}/compare',
  'GET /v1/counties/{countyCode}/indicator-series',
  'GET /v1/funding-runs/{runId}/diff/{otherRunId}',
  'GET /v1/counties/{countyCode}/tasks',
  'GET /v1/counties/{countyCode}/responsible-units',
  'GET /v1/provinces/{provinceCode}/years/{year}/summary',
  'GET /v1/cities/{cityCode}/years/{year}/summary',
];

t.test('openapi/openapi.json is what the route schemas generate (run `npm run openapi` after changing a route)', async (t) => {
  const committed = readFileSync(new URL('../../openapi/openapi.json', import.meta.url), 'utf8');
  t.equal(committed, generated, 'the committed OpenAPI document is stale');
  t.equal(doc.openapi, '3.1.0');
  for (const path of ['/v1/schools', '/v1/schools/{schoolCode}', '/v1/bulk', '/v1/counties/{countyCode}/years/{year}/facts'])
    t.ok(doc.paths[path], `documents ${path}`);
  t.ok(doc.components.schemas.Problem, 'the problem schema is a named component');
  t.notOk(generated.includes('def-0'), 'shared schemas keep their names');
});

t.test('every operation has a unique, readable operationId', async (t) => {
  const ids = operations.map((o) => o.op.operationId);
  t.ok(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z0-9]*$/.test(id)), 'present and camelCase');
  t.same(ids.filter((id, i) => ids.indexOf(id) !== i), [], 'no operationId twice');
  const byName = Object.fromEntries(operations.map((o) => [name(o), o.op.operationId]));
  t.equal(byName['GET /v1/schools'], 'listSchools');
  t.equal(byName['PUT /v1/schools/{schoolCode}'], 'putSchool');
  t.equal(byName['GET /v1/counties/{countyCode}/years/{year}/scorecard'], 'getCountyScorecard');
  t.equal(byName['POST /v1/counties/{countyCode}/years/{year}/funding-runs'], 'createCountyFundingRun');
  t.equal(byName['POST /v1/funding-runs/{runId}/verify'], 'verifyFundingRun');
  t.equal(byName['DELETE /v1/api-keys/{id}'], 'revokeApiKey');
  t.equal(byName['GET /v1/teacher-years'], 'listTeacherYears');
  t.equal(byName['GET /v1/teachers/{staffCode}/years'], 'listTeacherYearsOfTeacher');
});

t.test('operation ids are derived from method and path', async (t) => {
  const paged = { parameters: [{ in: 'query', name: 'limit' }] };
  t.equal(operationIdOf('get', '/v1/towns', paged), 'listTowns', 'a paged GET lists');
  t.equal(operationIdOf('get', '/v1/towns/{townCode}', {}), 'getTown');
  t.equal(operationIdOf('delete', '/v1/schools/{schoolCode}/years/{year}', {}), 'deleteSchoolYear', 'a year at the end is part of the name');
  t.equal(operationIdOf('get', '/v1/counties/{countyCode}/years/{year}/class-sizes', {}), 'getCountyClassSizes');
  t.equal(operationIdOf('post', '/v1/policies', {}), 'createPolicy', 'a POST to a collection creates one of it');
  t.equal(operationIdOf('post', '/v1/funding-runs/{runId}/verify', {}), 'verifyFundingRun', 'a POST to a verb is that action');
  t.equal(operationIdOf('get', '/health', {}), 'getHealth');
});

t.test('every tag is declared with a description; policies have their own', async (t) => {
  const declared = new Map((doc.tags as { name: string; description?: string }[]).map((tag) => [tag.name, tag.description]));
  for (const o of operations)
    for (const tag of o.op.tags as string[]) t.ok(declared.get(tag), `${name(o)}: tag "${tag}" is declared with a description`);
  for (const o of operations.filter((o) => o.path.startsWith('/v1/policies') || o.path.endsWith('/policy')))
    t.same(o.op.tags, ['policies'], `${name(o)} is under policies`);
});

t.test('errors are documented as application/problem+json; open routes say they take no key', async (t) => {
  for (const o of operations) {
    for (const [status, answer] of Object.entries(o.op.responses as Json)) {
      if (Number(status) < 400) continue;
      t.same(Object.keys(answer.content), ['application/problem+json'], `${name(o)} ${status}: problem+json only`);
      t.same(answer.content['application/problem+json'].schema, { $ref: '#/components/schemas/Problem' });
    }
    t.ok(o.op.responses['400'], `${name(o)} documents 400`);
    if (o.op.requestBody) t.ok(o.op.responses['413'] && o.op.responses['415'], `${name(o)} documents 413 and 415`);
    t.ok(Array.isArray(o.op.security), `${name(o)} states its security`);
    if (!o.path.startsWith('/v1/')) t.same(o.op.security, [], `${name(o)} is open`);
  }
  t.notOk(generated.includes('Default Response'), 'every answer has its own description');
});

/** The operations that also answer an Excel workbook (`?format=xlsx`), by the routes' code. */
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const XLSX_OPERATIONS = [
  'GET /v1/counties/{countyCode}/years/{year}/resource-allocation',
  'GET /v1/counties/{countyCode}/years/{year}/class-sizes',
  'GET /v1/counties/{countyCode}/years/{year}/scorecard',
  'GET /v1/counties/{countyCode}/years/{year}/entitlements',
  'GET /v1/counties/{countyCode}/years/{year}/remediation-plan',
  'POST /v1/counties/{countyCode}/years/{year}/remediation-plan',
  'GET /v1/provinces/{provinceCode}/years/{year}/summary',
  'GET /v1/cities/{cityCode}/years/{year}/summary',
];

t.test('every operation that answers CSV documents text/csv beside JSON, and only those', async (t) => {
  const documented = operations.filter((o) => o.op.responses['200']?.content?.['text/csv']);
  t.same(documented.map(name).sort(), [...CSV_OPERATIONS].sort());
  for (const o of documented) {
    const content = o.op.responses['200'].content;
    const xlsx = XLSX_OPERATIONS.includes(name(o));
    t.same(Object.keys(content).sort(), ['application/json', 'text/csv', ...(xlsx ? [XLSX] : [])].sort(), `${name(o)}: JSON or CSV${xlsx ? ' or xlsx' : ''}`);
    const format = (o.op.parameters as Json[]).find((p) => p.in === 'query' && p.name === 'format');
    t.same(format?.schema.enum, ['json', 'csv', ...(xlsx ? ['xlsx'] : [])], `${name(o)}: ?format offers what it answers`);
    if (xlsx) t.same(content[XLSX].schema.format, 'binary', `${name(o)}: the workbook is binary`);
    t.equal(content['text/csv'].schema.type, 'string', `${name(o)}: CSV is a string`);
    t.ok(
      (o.op.parameters as Json[]).some((p) => p.in === 'query' && p.name === 'format'),
      `${name(o)} takes ?format=csv`,
    );
  }
  const withFormat = operations.filter((o) => (o.op.parameters ?? []).some((p: Json) => p.in === 'query' && p.name === 'format'));
  t.same(withFormat.map(name).sort(), [...CSV_OPERATIONS].sort(), 'a format parameter exactly where CSV is answered');
});

t.test('limit and offset are optional with defaults; offset has a maximum', async (t) => {
  let lists = 0;
  for (const o of operations) {
    for (const p of (o.op.parameters ?? []) as Json[]) {
      if (p.in !== 'query' || (p.name !== 'limit' && p.name !== 'offset')) continue;
      lists += p.name === 'offset' ? 1 : 0;
      t.equal(p.required, false, `${name(o)} ${p.name} is optional`);
      t.equal(p.schema.default, p.name === 'limit' ? 100 : 0, `${name(o)} ${p.name} default`);
      if (p.name === 'offset') t.equal(p.schema.maximum, MAX_OFFSET, `${name(o)} offset maximum`);
    }
  }
  t.ok(lists >= 11, `${lists} paged lists`);
});

t.test('the decimal-places rule is published as the x-maxDecimals extension, not as a JSON Schema keyword', async (t) => {
  t.notOk(/"maxDecimals"/.test(generated), 'no bare maxDecimals keyword');
  const body = doc.paths['/v1/schools/{schoolCode}/years/{year}'].put.requestBody.content['application/json'].schema;
  const money = body.properties.equipmentValueYuan;
  t.equal(money['x-maxDecimals'], 2);
  t.match(money.description, /x-maxDecimals/, 'the description says what the extension means');
  t.equal(body.properties.musicRoomAreasM2.items['x-maxDecimals'], 2, 'inside arrays too');
  t.match(doc.info.description, /x-maxDecimals/, 'the document introduction explains it');
});
