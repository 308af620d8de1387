// Canonical JSON, for hashing run snapshots and for telling whether a stored row changed (the RFC 8785
// "JCS" scheme): object keys sorted by UTF-16 code units at every level, no whitespace, numbers in
// ECMAScript shortest round-trip form, strings escaped as JSON.stringify does. Properties whose value is
// undefined are omitted (as JSON.stringify does), so "absent" and "undefined" hash the same. Anything
// that has no single JSON form is refused.

import { createHash } from 'node:crypto';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export class CanonicalJsonError extends Error {
  override readonly name = 'CanonicalJsonError';
}

// Written for speed (a county's run is hundreds of KB of JSON, hashed twice per run): one string built
// by appending (V8 joins the pieces once), keys sorted only when an object's own order is not already
// sorted, and the path of a refused value worked out only when one is found (a second walk), never built
// while writing.

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function keysInOrder(record: Record<string, unknown>): string[] {
  const keys = Object.keys(record);
  for (let i = 1; i < keys.length; i++) {
    if ((keys[i - 1] as string) > (keys[i] as string)) return keys.sort(byCodeUnits);
  }
  return keys;
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Deeper than this is taken for a cycle (a JSON document of a run is a handful of levels deep). */
const MAX_DEPTH = 1000;

class Refused extends Error {}

function write(value: unknown, depth: number): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new Refused();
      return String(value); // shortest round-trip form, as JSON.stringify; -0 → "0"
    case 'object':
      break;
    default:
      throw new Refused();
  }
  if (depth > MAX_DEPTH) throw new Refused();
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (item === undefined) throw new Refused();
      out += i > 0 ? `,${write(item, depth + 1)}` : write(item, depth + 1);
    }
    return `${out}]`;
  }
  if (!isPlainObject(value)) throw new Refused();
  const record = value as Record<string, unknown>;
  let out = '{';
  let first = true;
  for (const k of keysInOrder(record)) {
    const v = record[k];
    if (v === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(k)}:${write(v, depth + 1)}`;
    first = false;
  }
  return `${out}}`;
}

/** The path and reason of the first value without a canonical form (the slow walk, run only on refusal). */
function explain(value: unknown, path: string, stack: Set<object>): string | null {
  if (value === null) return null;
  switch (typeof value) {
    case 'boolean':
    case 'string':
      return null;
    case 'number':
      return Number.isFinite(value) ? null : `${path}: ${String(value)} has no JSON form`;
    case 'object':
      break;
    default:
      return `${path}: a ${typeof value} has no JSON form`;
  }
  const obj = value as object;
  if (stack.has(obj)) return `${path}: cyclic structure`;
  stack.add(obj);
  try {
    if (Array.isArray(obj)) {
      for (let i = 0; i < obj.length; i++) {
        const item: unknown = obj[i];
        if (item === undefined) return `${path}/${i}: undefined in an array`;
        const found = explain(item, `${path}/${i}`, stack);
        if (found) return found;
      }
      return null;
    }
    if (!isPlainObject(obj)) return `${path}: only plain objects have a canonical form`;
    const record = obj as Record<string, unknown>;
    for (const k of keysInOrder(record)) {
      if (record[k] === undefined) continue;
      const found = explain(record[k], `${path}/${k}`, stack);
      if (found) return found;
    }
    return null;
  } finally {
    stack.delete(obj);
  }
}

/** An object key that JavaScript enumerates before the others, in numeric order (an array index). */
const isIndexKey = (key: string): boolean => /^(?:0|[1-9]\d{0,9})$/.test(key) && Number(key) < 4294967295;

/** Thrown where a key order cannot be given to a JavaScript object: the writer takes over. */
class NeedsWriter extends Error {}

/**
 * The fast way: a copy with every object's keys inserted in canonical order (objects and arrays already
 * in that order are kept as they are, not copied), then one JSON.stringify, which V8 writes as one flat
 * string: the writer's text is a rope of thousands of pieces, and flattening it for the hash cost more
 * than writing it. Values without a JSON form are refused as by the writer; an object with an index-like
 * key ("7") goes to the writer, as JavaScript would enumerate such keys first whatever the insertion order.
 */
function sortedCopy(value: unknown, depth: number): unknown {
  if (value === null) return value;
  switch (typeof value) {
    case 'boolean':
    case 'string':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new Refused();
      return value;
    case 'object':
      break;
    default:
      throw new Refused();
  }
  if (depth > MAX_DEPTH) throw new Refused();
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (item === undefined) throw new Refused();
      const c = sortedCopy(item, depth + 1);
      if (copy === null && c !== item) copy = value.slice(0, i);
      if (copy !== null) copy.push(c);
    }
    return copy ?? value;
  }
  if (!isPlainObject(value)) throw new Refused();
  const record = value as Record<string, unknown>;
  const own = Object.keys(record);
  let changed = false;
  for (let i = 1; i < own.length && !changed; i++) changed = (own[i - 1] as string) > (own[i] as string);
  const keys = changed ? own.slice().sort(byCodeUnits) : own;
  const values: unknown[] = [];
  for (const k of keys) {
    if (isIndexKey(k)) throw new NeedsWriter();
    const v = record[k];
    const c = v === undefined ? undefined : sortedCopy(v, depth + 1);
    if (c !== v) changed = true;
    values.push(c);
  }
  if (!changed) return value;
  // no prototype: a "__proto__" key is then a key like any other
  const copy: Record<string, unknown> = Object.create(null);
  for (let i = 0; i < keys.length; i++) copy[keys[i] as string] = values[i];
  return copy;
}

/** Canonical JSON text of a JSON-compatible value. */
export function canonicalJson(value: unknown): string {
  try {
    try {
      return JSON.stringify(sortedCopy(value, 0));
    } catch (error) {
      if (!(error instanceof NeedsWriter)) throw error;
    }
    return write(value, 0);
  } catch (error) {
    if (error instanceof Refused || error instanceof RangeError) {
      throw new CanonicalJsonError(explain(value, '', new Set()) ?? ': nesting too deep');
    }
    throw error;
  }
}

/** Hex sha256 of a UTF-8 string. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Hex sha256 of the canonical JSON of a value. */
export function canonicalHash(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
