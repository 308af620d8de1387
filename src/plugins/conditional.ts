// Conditional requests (RFC 9110 §13, docs/api.md "Conditional requests"). Every GET of /v1 answers an
// ETag; `If-None-Match` naming it is answered 304 without a body; `If-Match` makes a PUT or DELETE of a
// record conditional: 412 when the record is no longer the one the tag was read from. Three kinds of tag:
// - records (and the other answers a PUT may be conditional on): strong, a hash of the record as the API
//   answers it (`contentTag`), so the write can compute the current tag from the row it locks;
// - computed answers: weak, the data version they are computed from and what else they depend on
//   (src/routes/etag.ts `versioned`), so a 304 costs one read of the version and nothing is computed;
// - any other GET answer: strong, a hash of the bytes sent (this plugin's fallback).

import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { Type, type TSchema } from 'typebox';
import { canonicalJson } from '../rules/funding/canonical.js';
import { ENGINE_VERSION } from '../rules/funding/version.js';
import { ServiceError } from '../services/errors.js';
import type { Precondition } from '../services/reference/writer.js';
import { isGuarded } from './auth.js';
import { API_VERSION } from './openapi.js';

/** etagc of RFC 9110 without obs-text: the service's own tags are printable ASCII, and so must a client's be. */
const ENTITY_TAG = '(?:W/)?"[\\x21\\x23-\\x7E]*"';
const TAG_LIST = `^(?:\\*|${ENTITY_TAG}(?:[ \\t]*,[ \\t]*${ENTITY_TAG})*)$`;
const TAG_LIST_MAX = 4096;

const tagList = (description: string) => Type.String({ pattern: TAG_LIST, maxLength: TAG_LIST_MAX, description });

export const IF_NONE_MATCH_NOTE =
  'If-None-Match: entity tags of answers already held (`"…"` or `W/"…"`, comma-separated) or `*`; when one matches ' +
  "the current answer's ETag (weak comparison), the answer is 304 without a body";

/** The `If-Match` header of a conditional PUT or DELETE (declared by the route: its OpenAPI document then lists 412). */
export const IfMatchHeaders = Type.Object({
  'if-match': Type.Optional(
    tagList(
      'If-Match: the ETag of the record as last read (or `*`: any current record); when the record now has another ' +
        '(strong comparison) or does not exist, nothing is written and the answer is 412 (`precondition-failed`)',
    ),
  ),
});

type Parsed = '*' | { weak: boolean; opaque: string }[];

/** The tags of an If-Match or If-None-Match value; undefined when the header is absent. */
function parseTags(header: string | string[] | undefined): Parsed | undefined {
  if (header === undefined) return undefined;
  const text = (Array.isArray(header) ? header.join(', ') : header).trim();
  if (text === '*') return '*';
  const tags: { weak: boolean; opaque: string }[] = [];
  for (const match of text.matchAll(/(W\/)?"([^"]*)"/g)) tags.push({ weak: match[1] !== undefined, opaque: match[2] ?? '' });
  return tags;
}

/** The quoted part of a tag: what weak comparison compares. */
const opaqueOf = (tag: string): string => tag.replace(/^W\//, '').slice(1, -1);

const digest = (text: string): string => createHash('sha256').update(text, 'utf8').digest('base64url').slice(0, 27);

/**
 * A strong tag of a JSON value as answered in `variant` (json, csv): a hash of its canonical JSON (RFC 8785
 * key order), so equal content gives the same tag however its object was built, and of the API version
 * (a release that changes how an answer is written changes that version).
 */
export const contentTag = (value: unknown, variant = 'json'): string => `"${digest(`${API_VERSION}\n${variant}\n${canonicalJson(value)}`)}"`;

/**
 * A strong tag of immutable content named by its key (a frozen funding run): no need to hash what cannot
 * change. The engine version is part of it, since a comparison of two runs is worked out by the engine.
 */
export const keyTag = (parts: unknown): string => `"k${digest(`${API_VERSION}\n${ENGINE_VERSION}\n${canonicalJson(parts)}`)}"`;

/** A weak tag: the data version the answer was computed from, and a hash of everything else it depends on. */
export const versionTag = (version: string, parts: unknown): string => `W/"${version}-${digest(`${API_VERSION}\n${canonicalJson(parts)}`)}"`;

/**
 * Does If-None-Match name `tag` (weak comparison)? `*` matches any current answer: the caller asks only once
 * it knows there is one (a 200).
 */
export function noneMatch(request: FastifyRequest, tag: string): boolean {
  const wanted = parseTags(request.headers['if-none-match']);
  if (wanted === undefined) return false;
  if (wanted === '*') return true;
  const opaque = opaqueOf(tag);
  return wanted.some((w) => w.opaque === opaque);
}

/** Is If-None-Match `*`? Then whether a 304 is due is known only once the answer is (a 404 stays a 404). */
export const noneMatchAny = (request: FastifyRequest): boolean => parseTags(request.headers['if-none-match']) === '*';

export const preconditionFailed = (detail: string) => new ServiceError(412, 'precondition-failed', 'Precondition Failed', detail);

/**
 * The precondition of a PUT or DELETE (undefined without If-Match): `*` holds for any existing record, a
 * list of tags when one of them is the current record's tag (strong comparison: a weak tag never matches).
 * `tagsOf` gives the tags the current record goes by (its JSON answer's; also its CSV's where it has one).
 */
export function ifMatch(request: FastifyRequest, what: string, tagsOf: (current: Record<string, unknown>) => string[] = (c) => [contentTag(c)]): Precondition | undefined {
  const wanted = parseTags(request.headers['if-match']);
  if (wanted === undefined) return undefined;
  return (current) => {
    if (current === undefined) throw preconditionFailed(`${what} does not exist; If-Match needs a current record; nothing was written`);
    if (wanted === '*') return;
    const tags = new Set(tagsOf(current).map(opaqueOf));
    if (wanted.some((w) => !w.weak && tags.has(w.opaque))) return;
    throw preconditionFailed(`${what} has changed since the ETag given in If-Match was read; nothing was written; read it again`);
  };
}

/** The headers schema a GET is given: its own members, and If-None-Match. */
function withIfNoneMatch(headers: TSchema | undefined): TSchema {
  const member = { 'if-none-match': Type.Optional(tagList(IF_NONE_MATCH_NOTE)) };
  if (headers === undefined) return Type.Object(member);
  const object = headers as TSchema & { type?: unknown; properties?: Record<string, TSchema> };
  if (object.type !== 'object' || object.properties === undefined) throw new Error('a GET route declares a headers schema that is not an object');
  return { ...object, properties: { ...object.properties, ...member } } as TSchema;
}

const READS = new Set(['GET', 'HEAD']);

/**
 * Every /v1 GET declares If-None-Match (checked like any header: a malformed one is 400). Answers without a
 * tag of their route's making get one here, a hash of the bytes sent, and a 304 when If-None-Match names
 * it; answers streamed as they are made (none of the GETs of /v1 today) stay untagged. An answer with a tag
 * may be kept by the client's own cache, never a shared one, and only to be revalidated on every use
 * (`Cache-Control: private, no-cache`); every other /v1 answer stays `no-store` (src/plugins/auth.ts).
 */
export const conditionalPlugin = fp(async (app: FastifyInstance) => {
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = [route.method].flat();
    if (!methods.some((m) => READS.has(m)) || !isGuarded(route.url, route.config?.scope)) return;
    const schema = (route.schema ?? {}) as Record<string, unknown>;
    route.schema = { ...schema, headers: withIfNoneMatch(schema.headers as TSchema | undefined) } as RouteOptions['schema'];
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (!READS.has(request.method) || !isGuarded(request.routeOptions.url, request.routeOptions.config?.scope)) return payload;
    if (reply.statusCode >= 300 && reply.statusCode !== 304) {
      // a tag set before the answer failed belongs to the answer that was not sent
      reply.removeHeader('etag');
      return payload;
    }
    if (reply.statusCode === 200 && !reply.hasHeader('etag') && (typeof payload === 'string' || Buffer.isBuffer(payload))) {
      const tag = `"b${createHash('sha256').update(payload).digest('base64url').slice(0, 27)}"`;
      reply.header('etag', tag);
      if (noneMatch(request, tag)) {
        reply.code(304).removeHeader('content-type');
        reply.removeHeader('content-disposition');
        reply.header('cache-control', 'private, no-cache');
        return null;
      }
    }
    if (reply.hasHeader('etag') && (reply.statusCode === 200 || reply.statusCode === 304)) reply.header('cache-control', 'private, no-cache');
    return payload;
  });
});
