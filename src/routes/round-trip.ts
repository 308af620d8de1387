import type { FastifyRequest } from 'fastify';
import type { Static, TObject } from 'typebox';
import { validationIssues } from '../plugins/problem.js';
import { ServiceError, type Issue } from '../services/errors.js';

// A PUT body may be the record its GET answered (src/schemas/round-trip.ts): these checks keep the key
// members honest and drop the read-only ones before the service sees the body.

type Row = Record<string, unknown>;

export const isRow = (value: unknown): value is Row => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Key members of a body that disagree with the path, one problem each, pointing into the body. */
export function keyMismatches(keyFields: readonly string[], params: Row, body: unknown, prefix = ''): Issue[] {
  if (!isRow(body)) return [];
  return keyFields.flatMap((name) =>
    name in body && name in params && body[name] !== params[name]
      ? [{ in: 'body' as const, pointer: `${prefix}/${name}`, message: `must equal the path's ${name} (${String(params[name])}), or be left out` }]
      : [],
  );
}

/**
 * The writable members of a body that passed its round-trip schema (`roundTripBody(writable, …)`): a copy
 * without the record's read-only members, which the service must not see; keys come from the path.
 */
export function writableOf<T extends TObject>(body: Static<T>, writable: T): Static<T> {
  const copy: Static<T> = { ...body };
  for (const name of Object.keys(copy)) if (!(name in writable.properties)) Reflect.deleteProperty(copy, name);
  return copy;
}

interface AttachedValidationError extends Error {
  validation?: Parameters<typeof validationIssues>[0];
  validationContext?: string;
}

export const validationProblem = (issues: Issue[], part = 'body') =>
  new ServiceError(400, 'validation', 'Validation failed', `${issues.length} problem(s) in the ${part}`, issues);

/**
 * For a route declared with `attachValidation`: throws the schema problems of the request together with
 * `extra` problems of its body (a key that disagrees with the path), so that all are reported at once.
 * A bad path is reported alone: the body was not checked against it.
 */
export function rejectInvalid(request: FastifyRequest, extra: Issue[] = []): void {
  const error: AttachedValidationError | undefined = request.validationError;
  if (!error) {
    if (extra.length > 0) throw validationProblem(extra);
    return;
  }
  if (error.validationContext === 'params' || !error.validation) throw error;
  const found = validationIssues(error.validation, error.validationContext);
  const seen = new Set(found.filter((i) => i.in === 'body').map((i) => i.pointer));
  const all = [...found, ...extra.filter((e) => !seen.has(e.pointer))];
  throw validationProblem(all, all.every((i) => i.in === 'body') ? 'body' : all.every((i) => i.in === 'query') ? 'query' : 'request');
}

/**
 * For a route declared with `attachValidation` that goes on with a body that failed its schema (the bulk
 * load reports every row's problem, schema and domain alike): the body's schema problems, or none. A bad
 * path or query string is thrown at once, with the body's problems beside a bad query.
 */
export function bodySchemaProblems(request: FastifyRequest): Issue[] {
  const error: AttachedValidationError | undefined = request.validationError;
  if (!error) return [];
  if (error.validationContext !== 'body' || !error.validation) throw error;
  const body = validationIssues(error.validation, 'body');
  // Fastify stops at the first failing part, so the query string has not been checked (nor coerced) yet.
  const checkQuery = request.getValidationFunction('querystring');
  if (checkQuery && !checkQuery(request.query)) {
    const query = validationIssues(checkQuery.errors ?? [], 'querystring');
    throw validationProblem([...query, ...body], 'request');
  }
  return body;
}
