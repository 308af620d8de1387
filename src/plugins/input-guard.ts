import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ServiceError, type Issue } from '../services/errors.js';

const MAX_DEPTH = 64;
// U+0000 cannot be stored in PostgreSQL text or jsonb, and a lone surrogate would be stored as U+FFFD:
// neither could be kept verbatim, so both are refused up front rather than altered or failing in the database.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding U+0000 is the point of this pattern
const NUL = /\u0000/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function badString(value: string): string | undefined {
  if (NUL.test(value)) return 'must not contain the NUL character (U+0000)';
  if (LONE_SURROGATE.test(value)) return 'must be well-formed Unicode (no lone surrogates)';
  return undefined;
}

const escapePointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

function scan(value: unknown, pointer: string, depth: number, found: Issue[], where: Issue['in']): void {
  if (found.length >= 100) return;
  if (typeof value === 'string') {
    const message = badString(value);
    if (message) found.push({ in: where, pointer: pointer || '/', message });
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (depth > MAX_DEPTH) {
    found.push({ in: where, pointer: pointer || '/', message: `is nested more than ${MAX_DEPTH} levels deep` });
    return;
  }
  for (const [key, inner] of Object.entries(value)) {
    const message = badString(key);
    const at = `${pointer}/${escapePointer(key)}`;
    if (message) found.push({ in: where, pointer: at, message: `field name ${message}` });
    scan(inner, at, depth + 1, found, where);
  }
}

/**
 * The query parser keeps a malformed escape (`%zz`, or bytes that are not UTF-8) as typed, so a filter would
 * silently search for text the client never meant: every query member must decode, or the request is a 400
 * (the path gets the same answer from the router).
 */
export function badlyEncodedQuery(url: string): Issue[] {
  const at = url.indexOf('?');
  if (at < 0) return [];
  const found: Issue[] = [];
  for (const member of url.slice(at + 1).split('&')) {
    if (!member.includes('%')) continue;
    const [rawName = '', ...rest] = member.split('=');
    const decode = (text: string) => {
      try {
        return decodeURIComponent(text.replace(/\+/g, ' '));
      } catch {
        return undefined;
      }
    };
    const name = decode(rawName);
    if (name === undefined || decode(rest.join('=')) === undefined) {
      const shown = name ?? rawName.slice(0, 64);
      found.push({ in: 'query', pointer: `/${escapePointer(shown)}`, message: 'is not valid percent-encoded UTF-8' });
    }
    if (found.length >= 100) break;
  }
  return found;
}

/**
 * Text that PostgreSQL could not store verbatim is a 400 before validation, wherever it appears (path,
 * query, body, even field names): every text field is then either stored exactly as sent or refused.
 */
export const inputGuardPlugin = fp(async (app: FastifyInstance) => {
  app.addHook('preValidation', async (request) => {
    const found: Issue[] = badlyEncodedQuery(request.url);
    scan(request.params, '', 0, found, 'path');
    scan(request.query, '', 0, found, 'query');
    scan(request.body, '', 0, found, 'body');
    if (found.length > 0)
      throw new ServiceError(400, 'validation', 'Validation failed', `${found.length} problem(s) in the request`, found);
  });
});
