// Canonical JSON for hashing run snapshots (the RFC 8785 "JCS" scheme): object keys sorted by UTF-16
// code units at every level, no whitespace, numbers in ECMAScript shortest round-trip form, strings
// escaped as JSON.stringify does. Properties whose value is undefined are omitted (as JSON.stringify
// does), so "absent" and "undefined" hash the same. Anything that has no single JSON form is refused.

import { createHash } from 'node:crypto';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export class CanonicalJsonError extends Error {
  override readonly name = 'CanonicalJsonError';
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function write(value: unknown, path: string, stack: Set<object>): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError(`${path}: ${String(value)} has no JSON form`);
      return JSON.stringify(value); // shortest round-trip form; -0 → "0"
    case 'object':
      break;
    default:
      throw new CanonicalJsonError(`${path}: a ${typeof value} has no JSON form`);
  }
  const obj = value as object;
  if (stack.has(obj)) throw new CanonicalJsonError(`${path}: cyclic structure`);
  stack.add(obj);
  let out: string;
  if (Array.isArray(obj)) {
    const items = (obj as unknown[]).map((item, i) => {
      if (item === undefined) throw new CanonicalJsonError(`${path}/${i}: undefined in an array`);
      return write(item, `${path}/${i}`, stack);
    });
    out = `[${items.join(',')}]`;
  } else {
    if (!isPlainObject(obj)) throw new CanonicalJsonError(`${path}: only plain objects have a canonical form`);
    const record = obj as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    out = `{${keys.map((k) => `${JSON.stringify(k)}:${write(record[k], `${path}/${k}`, stack)}`).join(',')}}`;
  }
  stack.delete(obj);
  return out;
}

/** Canonical JSON text of a JSON-compatible value. */
export function canonicalJson(value: unknown): string {
  return write(value, '', new Set());
}

/** Hex sha256 of a UTF-8 string. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Hex sha256 of the canonical JSON of a value. */
export function canonicalHash(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
