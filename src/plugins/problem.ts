import type { FastifyInstance, FastifyReply, FastifyRequest, FastifyError } from 'fastify';
import fp from 'fastify-plugin';
import { isConnectionError, isStatementTimeout, pgError } from '../services/db-errors.js';
import { ServiceError, type Issue } from '../services/errors.js';
import { DATE_TIME_RULE } from './date-time.js';
import { shortUrl } from './redact.js';
import { RouteMethods } from './route-methods.js';

export const PROBLEM_BASE = '/problems/';
const MAX_REPORTED = 1000;

interface AjvIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

const PARTS: Record<string, Issue['in']> = { body: 'body', querystring: 'query', params: 'path', headers: 'header' };

/** Turns Ajv's errors into one pointer per problem, naming the offending member itself. */
export function validationIssues(errors: AjvIssue[], context: string | undefined): Issue[] {
  const where = PARTS[context ?? 'body'] ?? 'body';
  const issues = errors
    .filter((e) => e.keyword !== 'if')
    .map((e) => {
      let pointer = e.instancePath;
      let message = e.message ?? 'is invalid';
      if (e.keyword === 'required') {
        pointer += `/${String(e.params.missingProperty)}`;
        message = 'is required';
      } else if (e.keyword === 'additionalProperties') {
        pointer += `/${String(e.params.additionalProperty)}`;
        message = 'is not a known field';
      } else if (e.keyword === 'enum') {
        message = `must be one of ${(e.params.allowedValues as unknown[]).map(String).join(', ')}`;
      } else if (e.keyword === 'format' && e.params.format === 'date-time') {
        message = DATE_TIME_RULE;
      }
      return { in: where, pointer: pointer || '/', message };
    });
  // One entry per member: a value breaking two rules (too short and a pattern) gets both reasons.
  const byPointer = new Map<string, Issue>();
  for (const i of issues) {
    const seen = byPointer.get(i.pointer);
    if (!seen) byPointer.set(i.pointer, i);
    else if (!seen.message.includes(i.message)) seen.message = `${seen.message}; ${i.message}`;
  }
  return [...byPointer.values()];
}

export interface ProblemInput {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: Issue[];
  [extension: string]: unknown;
}

/** Longest URL text echoed in a problem; beyond it the text is cut, so a huge request is not sent back. */
export const MAX_ECHOED_URL = 512;

/** URL text fit to echo: secrets redacted (./redact.ts), cut to MAX_ECHOED_URL. */
export const echoedUrl = (url: string): string => shortUrl(url, MAX_ECHOED_URL);

/** Longest pointer echoed in `errors`: a member name of many kilobytes is cut, marked by "…". */
const MAX_ECHOED_POINTER = 256;
const echoedIssue = (issue: Issue): Issue =>
  issue.pointer.length <= MAX_ECHOED_POINTER ? issue : { ...issue, pointer: `${issue.pointer.slice(0, MAX_ECHOED_POINTER)}…` };

export function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: ProblemInput) {
  const errors = problem.errors;
  const body: ProblemInput = {
    ...problem,
    instance: echoedUrl(request.url),
    requestId: String(request.id),
    ...(errors ? { errors: errors.slice(0, MAX_REPORTED).map(echoedIssue) } : {}),
  };
  if (errors && errors.length > MAX_REPORTED) body.detail = `${problem.detail ?? ''} (first ${MAX_REPORTED} of ${errors.length} shown)`.trim();
  return reply.status(problem.status).type('application/problem+json; charset=utf-8').serializer(JSON.stringify).send(body);
}

const CLIENT_ERRORS: Record<string, [string, string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: ['malformed-json', 'Malformed JSON'],
  FST_ERR_CTP_EMPTY_JSON_BODY: ['malformed-json', 'Malformed JSON'],
  FST_ERR_CTP_BODY_TOO_LARGE: ['body-too-large', 'Payload Too Large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ['unsupported-media-type', 'Unsupported Media Type'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ['bad-request', 'Bad Request'],
};

/** Path parameters longer than this are refused by the router (414) before any handler runs. */
export const MAX_PARAM_LENGTH = 100;

/**
 * Fastify's `frameworkErrors`: what the router refuses before a route is chosen, as problem+json like
 * everything else (its own answers are plain JSON echoing the whole path).
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  // These answers skip the app's onSend hooks, which set the same headers on every other answer.
  reply.header('x-request-id', request.id).header('x-content-type-options', 'nosniff');
  if (error.code === 'FST_ERR_BAD_URL')
    return sendProblem(request, reply, {
      type: `${PROBLEM_BASE}bad-url`,
      title: 'Bad Request',
      status: 400,
      detail: 'the path is not valid percent-encoded UTF-8',
    });
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH')
    return sendProblem(request, reply, {
      type: `${PROBLEM_BASE}uri-too-long`,
      title: 'URI Too Long',
      status: 414,
      detail: `a path segment is longer than ${MAX_PARAM_LENGTH} characters`,
    });
  request.log.error({ code: error.code }, 'router error');
  return sendProblem(request, reply, {
    type: `${PROBLEM_BASE}internal`,
    title: 'Internal Server Error',
    status: 500,
    detail: 'an unexpected error occurred; the request id identifies it in the logs',
  });
}

/**
 * What an error means for the caller, as a problem: 4xx for the client's mistakes, 503 with Retry-After when
 * the database is away, never a 500 for what a client sent. Shared by the API (problem+json) and the report
 * pages (the same status and words as an HTML page).
 */
export function problemOf(error: FastifyError | ServiceError | Error, request: FastifyRequest, reply: FastifyReply): ProblemInput {
  if (error instanceof ServiceError) {
    return {
      type: `${PROBLEM_BASE}${error.slug}`,
      title: error.title,
      status: error.status,
      detail: error.message,
      ...(error.errors.length > 0 ? { errors: error.errors } : {}),
      ...error.extensions,
    };
  }
  const fe = error as FastifyError & { validation?: AjvIssue[]; validationContext?: string };
  if (fe.validation) {
    // An empty JSON body parses to no body (./json-body.ts); a route that needs one says so plainly.
    const noBody = fe.validationContext === 'body' && request.body === undefined;
    const errors: Issue[] = noBody
      ? [{ in: 'body', pointer: '/', message: 'is required (the body is empty)' }]
      : validationIssues(fe.validation, fe.validationContext);
    return {
      type: `${PROBLEM_BASE}validation`,
      title: 'Validation failed',
      status: 400,
      detail: `${errors.length} problem(s) in the ${PARTS[fe.validationContext ?? 'body'] ?? 'request'}`,
      errors,
    };
  }
  if (fe.code && CLIENT_ERRORS[fe.code]) {
    const [slug, title] = CLIENT_ERRORS[fe.code] as [string, string];
    return { type: `${PROBLEM_BASE}${slug}`, title, status: fe.statusCode ?? 400, detail: fe.message };
  }
  if (isConnectionError(error)) {
    request.log.error({ err: error }, 'database unavailable');
    reply.header('retry-after', '5');
    return {
      type: `${PROBLEM_BASE}database-unavailable`,
      title: 'Service Unavailable',
      status: 503,
      detail: 'the database is unreachable; nothing was written; try again shortly',
    };
  }
  if (isStatementTimeout(error)) {
    request.log.error({ err: error }, 'statement timed out');
    reply.header('retry-after', '5');
    return {
      type: `${PROBLEM_BASE}timeout`,
      title: 'Service Unavailable',
      status: 503,
      detail: 'the database took too long to answer; nothing was written; try again later or send less at once',
    };
  }
  const info = pgError(error);
  if (info?.code === '40P01' || info?.code === '40001') {
    // Two transactions writing the same county-years in opposite orders (deadlock), or a serialization
    // failure: PostgreSQL rolled this one back whole, so the caller can simply send it again.
    request.log.warn({ err: error }, 'concurrent write conflict');
    reply.header('retry-after', '1');
    return {
      type: `${PROBLEM_BASE}concurrent-write`,
      title: 'Conflict',
      status: 409,
      detail: 'a concurrent write to the same data conflicted with this one; nothing was written; send it again',
    };
  }
  if (info?.code.startsWith('23')) {
    // A constraint the database enforces caught what validation did not (e.g. a concurrent write).
    request.log.warn({ err: error }, 'constraint violation');
    return {
      type: `${PROBLEM_BASE}constraint-violation`,
      title: 'Conflict',
      status: 409,
      detail: `the database refused the change (${info.constraint ?? info.code}); nothing was written`,
    };
  }
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return { type: `${PROBLEM_BASE}bad-request`, title: 'Bad Request', status: fe.statusCode, detail: fe.message };
  }
  request.log.error({ err: error }, 'unhandled error');
  return {
    type: `${PROBLEM_BASE}internal`,
    title: 'Internal Server Error',
    status: 500,
    detail: 'an unexpected error occurred; the request id identifies it in the logs',
  };
}

/** Every error leaves the service as RFC 9457 problem+json: 4xx for the client's mistakes, never a 500 for them. */
export const problemPlugin = fp(async (app: FastifyInstance) => {
  // Registered before every route, so it sees them all.
  const routeMethods = new RouteMethods();
  app.addHook('onRoute', (route) => routeMethods.add(route.method, route.url));

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const allowed = routeMethods.allowed(path);
    if (allowed.length > 0) {
      reply.header('allow', allowed.join(', '));
      return sendProblem(request, reply, {
        type: `${PROBLEM_BASE}method-not-allowed`,
        title: 'Method Not Allowed',
        status: 405,
        detail: `${request.method} is not allowed here; this path takes ${allowed.join(', ')}`,
      });
    }
    return sendProblem(request, reply, {
      type: `${PROBLEM_BASE}not-found`,
      title: 'Not Found',
      status: 404,
      detail: `no route ${request.method} ${echoedUrl(path)}`,
    });
  });

  app.setErrorHandler((error: FastifyError | ServiceError | Error, request, reply) => sendProblem(request, reply, problemOf(error, request, reply)));
});
