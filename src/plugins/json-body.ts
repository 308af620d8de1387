import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ServiceError, type Issue } from '../services/errors.js';

const MAX_REPORTED = 100;
const escapePointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** Colons in a text. */
function colonsIn(text: string): number {
  let n = 0;
  for (let i = text.indexOf(':'); i !== -1; i = text.indexOf(':', i + 1)) n++;
  return n;
}

/**
 * What a parsed value accounts for of its text's colons: one per object member, plus those inside its
 * strings (names and values). Walked without recursion: bodies may nest deeply.
 */
function colonsAccountedFor(value: unknown): number {
  let n = 0;
  const pending: unknown[] = [value];
  const visit = (item: unknown) => {
    if (typeof item === 'string') n += item.includes(':') ? colonsIn(item) : 0;
    else if (item !== null && typeof item === 'object') pending.push(item);
  };
  while (pending.length > 0) {
    const v = pending.pop();
    if (Array.isArray(v)) for (const item of v) visit(item);
    else if (v !== null && typeof v === 'object') {
      const keys = Object.keys(v);
      n += keys.length;
      for (const key of keys) {
        if (key.includes(':')) n += colonsIn(key);
        visit((v as Record<string, unknown>)[key]);
      }
    } else visit(v);
  }
  return n;
}

interface ObjectFrame {
  names: Set<string>;
  name: string | undefined;
  expectName: boolean;
}
type Frame = ObjectFrame | { index: number };

/** Index of the quote closing the string that opens at `start` (the text is known to be valid JSON). */
function stringEnd(text: string, start: number): number {
  let end = text.indexOf('"', start + 1);
  for (;;) {
    let backslashes = 0;
    for (let j = end - 1; text.charCodeAt(j) === 92; j--) backslashes++;
    if (backslashes % 2 === 0) return end;
    end = text.indexOf('"', end + 1);
  }
}

/**
 * Pointers of every member whose name already occurred in the same object, in text order. Only called
 * on text JSON.parse accepted, so the scan needs no error handling; names are compared decoded
 * (`"name"` and `"n\u0061me"` are the same member).
 */
export function duplicateMembers(text: string): string[] {
  const found: string[] = [];
  const stack: Frame[] = [];
  const pointer = (last: string) =>
    stack
      .slice(0, -1)
      .map((f) => ('names' in f ? escapePointer(f.name ?? '') : String(f.index)))
      .concat(escapePointer(last))
      .map((s) => `/${s}`)
      .join('');
  const structural = /["{}[\],]/g;
  for (let match = structural.exec(text); match && found.length < MAX_REPORTED; match = structural.exec(text)) {
    const i = match.index;
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      const end = stringEnd(text, i);
      structural.lastIndex = end + 1;
      const top = stack[stack.length - 1];
      if (top && 'names' in top && top.expectName) {
        const raw = text.slice(i + 1, end);
        const name = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
        if (top.names.has(name)) found.push(pointer(name));
        top.names.add(name);
        top.name = name;
        top.expectName = false;
      }
    } else if (c === 123 /* { */) stack.push({ names: new Set(), name: undefined, expectName: true });
    else if (c === 91 /* [ */) stack.push({ index: 0 });
    else if (c === 125 /* } */ || c === 93 /* ] */) stack.pop();
    else if (c === 44 /* , */) {
      const top = stack[stack.length - 1];
      if (top && 'names' in top) top.expectName = true;
      else if (top) top.index++;
    }
  }
  return found;
}

/**
 * Pointers of the repeated members of `text`, already parsed into `value`, without scanning the text in
 * the usual case. Each member written has one colon outside strings; a colon inside a string is written
 * as is unless escaped (`\u003a`). Without such escapes every colon the parsed strings hold is one of the
 * text's, so the text's colons equal the members plus the strings' colons exactly when no member was
 * dropped, and a repeated name drops one (with its value). Only otherwise is the text scanned.
 */
export function repeatedMembers(text: string, value: unknown): string[] {
  const escapedColon = /\\u003a/i.test(text);
  return !escapedColon && colonsIn(text) === colonsAccountedFor(value) ? [] : duplicateMembers(text);
}

type Done = (error: Error | null, body?: unknown) => void;
type JsonParser = (request: FastifyRequest, body: string, done: Done) => void;

/**
 * JSON bodies, parsed by Fastify's own parser (which refuses `__proto__` and `constructor.prototype`),
 * with two differences:
 * - An empty body is no body, so `POST` with `content-type: application/json` and nothing after it works
 *   where a route takes no body or an optional one; a route that needs a body refuses it in validation.
 * - A member name twice in one object (`{"name":"a","name":"b"}`) is a 400 naming each repeated member,
 *   rather than the last one silently winning (`repeatedMembers`, cheap for bodies of many megabytes).
 */
export const jsonBodyPlugin = fp(async (app: FastifyInstance) => {
  const parseJson = app.getDefaultJsonParser('error', 'error') as unknown as JsonParser;
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    if (text.length === 0) return done(null, undefined);
    parseJson(request, text, (error, value) => {
      if (error) return done(error);
      const repeated = repeatedMembers(text, value);
      if (repeated.length === 0) return done(null, value);
      const errors: Issue[] = repeated.map((pointer) => ({ in: 'body', pointer, message: 'repeats a member name already used in this object' }));
      done(new ServiceError(400, 'validation', 'Validation failed', `${errors.length} repeated member name(s) in the body`, errors));
    });
  });
});
