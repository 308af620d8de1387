// The service's conventions applied to the OpenAPI document @fastify/swagger builds from the route schemas:
// what every route shares (error media type, open routes, generic answers, operation ids) is written here
// once instead of in every route, and the runtime schemas stay as they are.

import { MAX_PARAM_LENGTH } from './problem.js';
import { dataVersionAnswers } from './read-routing.js';

type Json = Record<string, unknown>;

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const;

/** Why each error status is answered; the body is always the Problem schema as application/problem+json. */
const ERROR_MEANINGS: Record<string, string> = {
  '400': 'The path, query, headers or body are malformed or fail validation; every problem is listed in `errors`',
  '401': 'No token, or the token is unknown, expired or revoked',
  '403': 'The key lacks the scope this operation needs',
  '404': 'No such record, or one in a county the key may not see',
  '409': 'Conflict with stored data; nothing was written',
  '412': 'If-Match names none of the current record\'s entity tags, or there is no current record: it changed since it was read; nothing was written',
  '413': 'The body is larger than BODY_LIMIT_BYTES',
  '414': `A path segment is longer than the router takes (${MAX_PARAM_LENGTH} characters)`,
  '415': 'The body is not application/json',
  '422': 'Well-formed, but the service cannot act on it: a domain rule is broken, a record it names is missing, or the policy is not in force that year; every problem is listed, nothing was written',
  '429': 'Too many requests from this key (see Retry-After)',
  '500': 'An unexpected failure inside the service, answered rather than a wrong result; the request id identifies it in the logs',
  '503': 'The database is unavailable or too slow; nothing was written (see Retry-After)',
};

const SUCCESS_MEANINGS: Record<string, string> = { '200': 'OK', '201': 'Created', '204': 'No content' };

/**
 * Operation ids a path cannot give well; every other id is derived from method and path (see
 * `operationIdOf`). A route may also name its own with `schema.operationId`.
 */
const OPERATION_ID_OVERRIDES: Record<string, string> = {
  'GET /ready': 'getReadiness',
  'GET /v1/indicators': 'getIndicatorCatalogue',
  'GET /v1/teachers/{staffCode}/years': 'listTeacherYearsOfTeacher',
  'POST /v1/bulk': 'bulkLoad',
  'DELETE /v1/api-keys/{id}': 'revokeApiKey',
};

/** Operations whose body may be left out: no body, or JSON `null`, means `{}` (the route's preValidation). */
const OPTIONAL_BODIES = new Set(['POST /v1/counties/{countyCode}/years/{year}/funding-runs']);

const camel = (words: string[]) =>
  words
    .flatMap((w) => w.split('-'))
    .filter((w) => w !== '')
    .map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1)))
    .join('');

const singular = (word: string) => (word.endsWith('ies') ? `${word.slice(0, -3)}y` : word.replace(/s$/, ''));
const isParam = (segment: string | undefined) => segment?.startsWith('{') === true;

/**
 * A readable, stable id from method and path: `GET /v1/schools` → `listSchools` (a paged list),
 * `PUT /v1/schools/{schoolCode}` → `putSchool`, `GET /v1/counties/{countyCode}/years/{year}/scorecard`
 * → `getCountyScorecard` (a year inside the path is implied by its parameter), `POST …/funding-runs` →
 * `createCountyFundingRun`, `POST /v1/funding-runs/{runId}/verify` → `verifyFundingRun`.
 */
export function operationIdOf(method: string, path: string, operation: Json): string {
  const override = OPERATION_ID_OVERRIDES[`${method.toUpperCase()} ${path}`];
  if (override) return override;
  const segments = path.split('/').filter((s) => s !== '' && s !== 'v1');
  const words: string[] = [];
  segments.forEach((segment, i) => {
    if (isParam(segment)) return;
    const keyed = isParam(segments[i + 1]);
    // `…/years/{year}/scorecard`: the year is a parameter of the county's scorecard, not a word of its name.
    if (segment === 'years' && keyed && i + 2 < segments.length) return;
    words.push(keyed ? singular(segment) : segment);
  });
  const endsWithKey = isParam(segments.at(-1));
  const last = words.at(-1) ?? '';
  const verb = method.toLowerCase();
  if (endsWithKey || verb === 'put' || verb === 'delete') return camel([verb, ...words]);
  if (verb === 'get') {
    const paged = ((operation.parameters as Json[] | undefined) ?? []).some((p) => p.in === 'query' && p.name === 'limit');
    return camel([paged ? 'list' : 'get', ...words]);
  }
  if (verb === 'post' && last.endsWith('s')) return camel(['create', ...words.slice(0, -1), singular(last)]);
  // A POST to a verb (`…/verify`) is that action on what precedes it.
  return camel([last, ...words.slice(0, -1)]);
}

function forEachOperation(doc: Json, visit: (method: string, path: string, operation: Json) => Json): void {
  for (const [path, item] of Object.entries((doc.paths as Record<string, Json> | undefined) ?? {}))
    for (const method of METHODS) if (item[method]) item[method] = visit(method, path, item[method] as Json);
}

const PROBLEM = { $ref: '#/components/schemas/Problem' };
const problemAnswer = (status: string) => ({
  description: ERROR_MEANINGS[status] ?? 'Error',
  content: { 'application/problem+json': { schema: PROBLEM } },
});

/** Every error answer is the Problem schema as application/problem+json, which is how the service sends it. */
function problemResponses(operation: Json, path: string): void {
  const responses = operation.responses as Record<string, Json>;
  for (const [status, answer] of Object.entries(responses)) {
    if (Number(status) < 400) {
      if (answer.description === 'Default Response') answer.description = SUCCESS_MEANINGS[status] ?? answer.description;
      continue;
    }
    const content = answer.content as Record<string, { schema?: Json }> | undefined;
    const schemas = Object.values(content ?? {}).map((c) => c.schema?.$ref);
    if (schemas.some((ref) => ref !== PROBLEM.$ref))
      throw new Error(`${path}: the ${status} answer must be the Problem schema (problemResponses in src/schemas/common.ts)`);
    responses[status] = problemAnswer(status);
  }
}

/**
 * `maxDecimals` is the service's own Ajv keyword (src/plugins/validation.ts), not JSON Schema: the
 * document publishes it as the extension `x-maxDecimals` and says what it means in the description.
 */
function publishMaxDecimals(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) publishMaxDecimals(item);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const schema = node as Json;
  if (typeof schema.maxDecimals === 'number') {
    const places = schema.maxDecimals;
    delete schema.maxDecimals;
    schema['x-maxDecimals'] = places;
    const rule =
      `at most ${places} decimal places (x-maxDecimals: the digits after the decimal point as written, ` +
      'checked exactly; not multipleOf, which divides in floating point)';
    schema.description = typeof schema.description === 'string' ? `${schema.description}; ${rule}` : rule;
  }
  for (const value of Object.values(schema)) publishMaxDecimals(value);
}

/**
 * Answers every operation shares whatever its schema says: malformed input anywhere (a query string on
 * /health included) is 400, an overlong path parameter is refused by the router (414), and a body is
 * limited in size and must be JSON (413, 415).
 */
function sharedAnswers(operation: Json, path: string): void {
  const responses = operation.responses as Record<string, Json>;
  const statuses = ['400', ...(path.includes('{') ? ['414'] : []), ...(operation.requestBody ? ['413', '415'] : [])];
  for (const status of statuses) if (!responses[status]) responses[status] = problemAnswer(status);
  operation.responses = Object.fromEntries(Object.entries(responses).sort(([a], [b]) => Number(a) - Number(b)));
}

const ETAG_HEADER = {
  description:
    'The entity tag of this answer (docs/api.md, "Conditional requests"): strong (`"…"`) for records and other stored content, ' +
    'weak (`W/"<version>-…"`) for computed answers, led by the version of the data they read (the county-year\'s for most)',
  schema: { type: 'string' },
};

const withETag = (answer: Json | undefined) => {
  if (answer) answer.headers = { ...((answer.headers as Json | undefined) ?? {}), ETag: ETAG_HEADER };
};

/**
 * Conditional requests (src/plugins/conditional.ts): an operation declaring If-None-Match (every GET of /v1)
 * answers an ETag and 304 without a body; one declaring If-Match (a PUT or DELETE of a record) may answer
 * 412, and its 200 or 201 carries the record's new ETag.
 */
function conditionalAnswers(operation: Json): void {
  const declared = new Set(
    ((operation.parameters as Json[] | undefined) ?? []).filter((p) => p.in === 'header').map((p) => String(p.name).toLowerCase()),
  );
  const responses = operation.responses as Record<string, Json>;
  if (declared.has('if-none-match')) {
    withETag(responses['200']);
    responses['304'] = {
      description: 'Not modified: If-None-Match names the current ETag (or is `*`); no body',
      headers: { ETag: ETAG_HEADER },
    };
  }
  if (declared.has('if-match')) {
    withETag(responses['200']);
    withETag(responses['201']);
    responses['412'] = problemAnswer('412');
  }
}

/** Applies the conventions above to a generated document and returns it (a copy; the input is untouched). */
export function applyConventions(generated: Json): Json {
  const doc = structuredClone(generated);
  forEachOperation(doc, (method, path, operation) => {
    // Routes outside /v1 (health, readiness) take no key: say so rather than leave security undefined.
    if (!operation.security) operation.security = [];
    conditionalAnswers(operation);
    dataVersionAnswers(method, operation);
    sharedAnswers(operation, path);
    problemResponses(operation, path);
    const requestBody = operation.requestBody as { required?: boolean; content: Record<string, { schema: Json }> } | undefined;
    if (requestBody && OPTIONAL_BODIES.has(`${method.toUpperCase()} ${path}`)) {
      requestBody.required = false;
      for (const media of Object.values(requestBody.content)) media.schema = { anyOf: [media.schema, { type: 'null' }] };
    }
    const operationId = typeof operation.operationId === 'string' ? operation.operationId : operationIdOf(method, path, operation);
    return { operationId, ...operation };
  });
  publishMaxDecimals(doc);
  return doc;
}
