// The OpenAPI document as the contract test reads it: its operations, and Ajv validators compiled from its
// schemas (JSON Schema 2020-12, as OpenAPI 3.1 says), resolving `#/components/schemas/…`.

import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { decimalPlaces } from '../../src/plugins/validation.js';

type AddFormats = (ajv: Ajv2020) => Ajv2020;
const addFormats: AddFormats =
  (addFormatsModule as unknown as { default?: AddFormats }).default ?? (addFormatsModule as unknown as AddFormats);

export type Schema = Record<string, unknown>;

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: Schema;
}

export interface Operation {
  method: string;
  /** The document's path, e.g. `/v1/schools/{schoolCode}`. */
  path: string;
  operationId: string;
  parameters: Parameter[];
  body: { schema: Schema; required: boolean } | undefined;
  /** Status → media type → schema (`undefined` content: an answer without a body, such as 204). */
  responses: Record<string, Record<string, Schema> | undefined>;
}

const BASE = 'https://contract.test/openapi.json';

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;
const EARLIEST = Date.parse('0001-01-01T00:00:00Z');
const LATEST = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * `format: date-time` as the document's introduction words it: an RFC 3339 date-time naming a real
 * calendar time in the years 0001–9999 (also in UTC), without a leap second.
 */
function documentedDateTime(text: string): boolean {
  const m = RFC3339.exec(text);
  if (!m) return false;
  const [year, month, day, hour, minute, second, offsetHour, offsetMinute] = m.slice(1).map((v) => Number(v ?? 0)) as number[] as [
    number, number, number, number, number, number, number, number,
  ];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  if (year < 1 || day < 1 || day > days) return false;
  if (hour > 23 || minute > 59 || second > 59 || offsetHour > 23 || offsetMinute > 59) return false;
  const at = Date.parse(text);
  return at >= EARLIEST && at <= LATEST;
}
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

export function operationsOf(doc: Schema): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Schema>)) {
    for (const method of METHODS) {
      const op = item[method] as Schema | undefined;
      if (!op) continue;
      const requestBody = op.requestBody as { required?: boolean; content: Record<string, { schema: Schema }> } | undefined;
      const responses: Operation['responses'] = {};
      for (const [status, answer] of Object.entries(op.responses as Record<string, { content?: Record<string, { schema: Schema }> }>)) {
        responses[status] = answer.content ? Object.fromEntries(Object.entries(answer.content).map(([type, c]) => [type, c.schema])) : undefined;
      }
      operations.push({
        method: method.toUpperCase(),
        path,
        operationId: String(op.operationId),
        parameters: ((op.parameters as Parameter[] | undefined) ?? []).map((p) => ({ name: p.name, in: p.in, required: p.required === true, schema: p.schema })),
        body: requestBody ? { schema: requestBody.content['application/json']!.schema, required: requestBody.required !== false } : undefined,
        responses,
      });
    }
  }
  return operations;
}

/** `#/components/schemas/X` → an absolute reference into the document registered with Ajv. */
function absoluteRefs(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(absoluteRefs);
  if (schema === null || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `${BASE}${v}` : absoluteRefs(v)]),
  );
}

/** Validators for the document's schemas, compiled once each. */
export class DocumentSchemas {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly compiled = new Map<Schema, ValidateFunction>();

  constructor(private readonly doc: Schema) {
    addFormats(this.ajv);
    this.ajv.addFormat('date-time', { type: 'string', validate: documentedDateTime });
    // The service's extension: at most n digits after the decimal point, counted on the number as written.
    this.ajv.addKeyword({
      keyword: 'x-maxDecimals',
      type: 'number',
      schemaType: 'number',
      validate: (max: number, data: number) => decimalPlaces(data) <= max,
    });
    this.ajv.addSchema({ $id: BASE, components: absoluteRefs(doc.components) as Schema });
  }

  /** The schema a `$ref` names (one level), or the schema itself. */
  resolve(schema: Schema): Schema {
    const ref = schema.$ref;
    if (typeof ref !== 'string') return schema;
    const name = ref.replace('#/components/schemas/', '');
    return ((this.doc.components as { schemas: Record<string, Schema> }).schemas[name] ?? {}) as Schema;
  }

  /** Problems of `value` against `schema`, or [] when it is valid. */
  check(schema: Schema, value: unknown): string[] {
    let validate = this.compiled.get(schema);
    if (!validate) {
      validate = this.ajv.compile(absoluteRefs(schema) as Schema);
      this.compiled.set(schema, validate);
    }
    if (validate(value)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}`);
  }
}
