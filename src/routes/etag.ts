// How routes answer with an ETag (src/plugins/conditional.ts): `tagged` for an answer in hand (a record, a
// list page), `versioned` for a computed answer, whose tag is known from the data version before anything is
// computed, so a 304 costs one read of the version.

import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Queryable } from '../db/connection.js';
import { noneMatch, noneMatchAny, versionTag } from '../plugins/conditional.js';
import { answerQuery, readFresh } from '../plugins/read-routing.js';
import { canonicalJson } from '../rules/funding/canonical.js';
import { ENGINE_VERSION } from '../rules/funding/version.js';
import { Year } from '../schemas/common.js';
import { schoolYearDataVersion } from '../services/answer-versions.js';
import { activePolicyCatalog } from '../services/policies.js';
import type { PolicyCatalog } from '../services/policy-files.js';
import { wantsCsv } from './csv.js';
import { wantsXlsx } from './xlsx.js';

/** The last school year the API takes: a version up to it covers the data of every year. */
export const LAST_YEAR = (Year as { maximum?: number }).maximum as number;

/** Which representation a request gets, in the order the routes choose it: xlsx, then CSV, then JSON. */
export const representationOf = (request: FastifyRequest): 'xlsx' | 'csv' | 'json' => (wantsXlsx(request) ? 'xlsx' : wantsCsv(request) ? 'csv' : 'json');

/** A 304: the tag (and, set before, the Vary a 200 would carry), no body. */
function notModified(reply: FastifyReply, tag: string): FastifyReply {
  return reply.code(304).header('etag', tag).send();
}

/**
 * Answers `render()` with the ETag `tag`, or 304 without calling it when If-None-Match names the tag. For
 * an answer already read (records, list pages, frozen runs): the caller checked that the caller may see it.
 */
export function tagged<R>(request: FastifyRequest, reply: FastifyReply, tag: string, render: () => R): R | FastifyReply {
  // list pages and run lines also come as CSV, chosen by the Accept header when the query does not say
  reply.header('vary', 'Accept');
  if (noneMatch(request, tag)) return notModified(reply, tag);
  reply.header('etag', tag);
  return render();
}

/** The version a computed answer is tagged with; `scope` is what else it was looked up by (a school's county). */
export interface AnswerVersion {
  version: string;
  scope?: string;
}

const catalogTokens = new WeakMap<PolicyCatalog, string>();

/**
 * The policy files in use (profiles and county defaults, src/services/policy-files.ts): answers follow them,
 * and only their profiles are counted by the data versions (synced into policy_profiles), not the defaults.
 * A hash of their content, so instances started with the same files agree.
 */
function catalogToken(): string {
  const catalog = activePolicyCatalog();
  let token = catalogTokens.get(catalog);
  if (token === undefined) {
    token = createHash('sha256').update(canonicalJson({ definitions: catalog.definitions, defaults: catalog.defaults })).digest('base64url').slice(0, 16);
    catalogTokens.set(catalog, token);
  }
  return token;
}

/**
 * A computed answer with a weak ETag: the data version read by `version` (before any data, so the answer
 * reflects at least that version), the route, its path and query (defaults filled in), the representation
 * (JSON, CSV and xlsx of the same data are different answers), the policy files, the engine and `extra`
 * (what else the answer depends on: the counties a bound key may see). When If-None-Match names the tag the
 * answer is 304 and `compute` is never called. `version` answers undefined when there is nothing to tag
 * (the record the answer is about does not exist): `compute` then gives its own 404. `*` is answered 304
 * only once `compute` has succeeded, since a 404 stays a 404. Both read from the database they are given:
 * the read replica or the primary (src/plugins/read-routing.ts `readFresh`; the route has `config.computed`).
 */
export async function versioned<A, R>(
  request: FastifyRequest,
  reply: FastifyReply,
  version: (db: Queryable) => Promise<string | AnswerVersion | undefined>,
  compute: (db: Queryable) => Promise<A>,
  render: (answer: A) => R | Promise<R>,
  extra?: unknown,
): Promise<R | FastifyReply> {
  // the version and the answer are read from one database, the replica when new enough (src/plugins/read-routing.ts)
  return readFresh(request, reply, (db) => versionedOn(db, request, reply, version, compute, render, extra));
}

async function versionedOn<A, R>(
  db: Queryable,
  request: FastifyRequest,
  reply: FastifyReply,
  version: (db: Queryable) => Promise<string | AnswerVersion | undefined>,
  compute: (db: Queryable) => Promise<A>,
  render: (answer: A) => R | Promise<R>,
  extra: unknown,
): Promise<R | FastifyReply> {
  const found = await version(db);
  if (found === undefined) return render(await compute(db));
  const { version: dataVersion, scope } = typeof found === 'string' ? { version: found, scope: undefined } : found;
  const tag = versionTag(dataVersion, {
    route: request.routeOptions.url,
    // copies: the router's params object is not a plain object, and canonical JSON takes only plain ones
    params: { ...(request.params as object) },
    // without minDataVersion: it chooses where the answer is read from, not what it is
    query: answerQuery(request),
    representation: representationOf(request),
    scope: scope ?? null,
    catalog: catalogToken(),
    engine: ENGINE_VERSION,
    extra: extra ?? null,
  });
  // the representation follows the Accept header when the query does not name one
  reply.header('vary', 'Accept');
  if (noneMatch(request, tag) && !noneMatchAny(request)) return notModified(reply, tag);
  const answer = await compute(db);
  if (noneMatchAny(request)) return notModified(reply, tag);
  reply.header('etag', tag);
  return render(answer);
}

/**
 * The version of a school-year's answers (its county's county-year), once `visible` has accepted the school's
 * county (it throws the 404 of a missing school otherwise); undefined when the school does not exist.
 */
export async function schoolYearVersion(
  db: Queryable,
  schoolCode: string,
  year: number,
  visible: (countyCode: string) => void,
): Promise<AnswerVersion | undefined> {
  const found = await schoolYearDataVersion(db, schoolCode, year);
  if (!found) return undefined;
  visible(found.countyCode);
  return { version: found.version, scope: found.countyCode };
}
