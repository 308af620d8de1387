// The value of a record as the checks compare it: the fields a PUT sets (key fields and timestamps left
// out, an absent optional field the same as null), in canonical JSON, so a record read back compares
// equal to the body that wrote it.
import { canonicalJson, type JsonValue } from '../../src/rules/funding/canonical.js';
import type { RecordKind } from './history.js';

type Fields = Record<string, unknown>;

const STAMPS = ['createdAt', 'updatedAt'];

function without(record: Fields, keys: string[]): Fields {
  const out: Fields = {};
  for (const [k, v] of Object.entries(record)) if (!keys.includes(k) && v !== null && v !== undefined) out[k] = v;
  return out;
}

const KEY_FIELDS: Record<RecordKind, string[]> = {
  'school-year': ['schoolCode', 'year'],
  teacher: ['staffCode'],
  classes: ['schoolCode', 'year'],
};

/** A school-year or teacher record (a GET answer or a PUT body) as its comparable value. */
export function recordValue(kind: Exclude<RecordKind, 'classes'>, record: Fields): string {
  return canonicalJson(without(record, [...KEY_FIELDS[kind], ...STAMPS]) as JsonValue);
}

/** The classes of a school-year (the items of a GET, or the array a PUT sends), in class-code order. */
export function classesValue(items: Fields[]): string {
  const classes = items.map((c) => without(c, [...KEY_FIELDS.classes, ...STAMPS]));
  classes.sort((a, b) => String(a.classCode).localeCompare(String(b.classCode)));
  return canonicalJson(classes as JsonValue);
}

/** The comparable value of whatever a GET of the record answered. */
export function valueOfAnswer(kind: RecordKind, answer: unknown): string {
  if (kind === 'classes') return classesValue(((answer as { items?: Fields[] }).items ?? []) as Fields[]);
  return recordValue(kind, answer as Fields);
}
