import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance, FastifySchema, FastifySchemaValidationError } from 'fastify';
import { isDateTime } from './date-time.js';

// ajv-formats is CommonJS; its default export arrives wrapped under NodeNext.
type AddFormats = (ajv: Ajv) => Ajv;
const addFormats: AddFormats =
  (addFormatsModule as unknown as { default?: AddFormats }).default ?? (addFormatsModule as unknown as AddFormats);

const common: Options = {
  allErrors: true, // every problem at once (docs/api.md, Errors)
  removeAdditional: false, // unknown fields are errors, not silently dropped (docs/stack.md, trap 4)
  useDefaults: true,
  strict: false,
};

/**
 * Decimal places of a number as it was written: JSON numbers parse to the double whose shortest form is
 * the text sent, so `String` gives that text back. `multipleOf: 0.01` cannot do this: it divides in
 * floating point, and 8569703.95 / 0.01 is 856970394.99999999.
 */
export function decimalPlaces(value: number): number {
  const text = String(value);
  if (/e/i.test(text)) {
    const [mantissa = '', exponent = '0'] = text.toLowerCase().split('e');
    const fraction = mantissa.split('.')[1]?.length ?? 0;
    return Math.max(0, fraction - Number(exponent));
  }
  return text.split('.')[1]?.length ?? 0;
}

/** `maxDecimals: n` on a number: at most n digits after the decimal point (money and areas use 2). */
function addMaxDecimals(ajv: Ajv): void {
  ajv.addKeyword({
    keyword: 'maxDecimals',
    type: 'number',
    schemaType: 'number',
    error: { message: ({ schemaCode }) => `must have at most ${String(schemaCode)} decimals` },
    validate: (max: number, data: number) => decimalPlaces(data) <= max,
  });
}

/** An integer in a query string or path: decimal digits, an optional minus, no leading zeros but "0" itself. */
const PLAIN_INTEGER = /^(?:0|-?[1-9][0-9]*)$/;
export const PLAIN_INTEGER_RULE = 'must be an integer in plain decimal digits (an optional "-"; no "+", leading zeros, decimals, exponents or spaces)';

const typesOf = (schema: Record<string, unknown>): unknown[] => [schema.type].flat();

/** Does a schema take integers (itself, in a union, or as array items) and never strings? */
function takesIntegerOnly(schema: unknown): boolean {
  const takes = (s: unknown, type: string): boolean => {
    if (!s || typeof s !== 'object') return false;
    const o = s as Record<string, unknown>;
    if (typesOf(o).includes(type)) return true;
    if (['anyOf', 'oneOf', 'allOf'].some((k) => Array.isArray(o[k]) && (o[k] as unknown[]).some((x) => takes(x, type)))) return true;
    return takes(o.items, type);
  };
  return takes(schema, 'integer') && !takes(schema, 'string');
}

/**
 * Ajv's coercion reads any text JavaScript turns into a number: "2024.0", "+2024", "02024", " 2024", "0x7e8" and
 * "1e3" would all pass as integers. Query and path integers are checked as text first, before coercion.
 */
function looseIntegers(data: unknown, fields: string[]): FastifySchemaValidationError[] {
  if (!data || typeof data !== 'object') return [];
  const errors: FastifySchemaValidationError[] = [];
  for (const field of fields) {
    const value = (data as Record<string, unknown>)[field];
    const values = Array.isArray(value) ? value.map((v, i) => [v, `/${i}`] as const) : [[value, ''] as const];
    for (const [text, at] of values) {
      // Only text Ajv would coerce to a number; anything else gets Ajv's own "must be integer".
      if (typeof text !== 'string' || text === '' || Number.isNaN(Number(text)) || PLAIN_INTEGER.test(text)) continue;
      errors.push({
        instancePath: `/${field.replace(/~/g, '~0').replace(/\//g, '~1')}${at}`,
        schemaPath: `#/properties/${field}`,
        keyword: 'plainInteger',
        params: {},
        message: PLAIN_INTEGER_RULE,
      });
    }
  }
  return errors;
}

type Check = ((data: unknown) => boolean) & { errors?: FastifySchemaValidationError[] | null };

/** Ajv with coercion for a query string or path schema, behind the plain-integer check of its integer fields. */
function textValidator(ajv: Ajv, schema: object): Check {
  const validate = ajv.compile(schema);
  const properties = (schema as { properties?: Record<string, unknown> }).properties ?? {};
  const fields = Object.keys(properties).filter((k) => takesIntegerOnly(properties[k]));
  if (fields.length === 0) return validate;
  const check: Check = (data) => {
    const loose = looseIntegers(data, fields); // before Ajv coerces the text away
    validate(data);
    const others = (validate.errors ?? []).filter((e) => !loose.some((l) => e.instancePath === l.instancePath));
    const errors = [...loose, ...others];
    check.errors = errors.length > 0 ? errors : null;
    return errors.length === 0;
  };
  return check;
}

/** The two Ajv instances of the process, made on first use: bodies without coercion, text with it. */
let ajvs: { body: Ajv; text: Ajv } | undefined;
function processAjvs(): { body: Ajv; text: Ajv } {
  if (ajvs) return ajvs;
  const body = new Ajv({ ...common, coerceTypes: false });
  const text = new Ajv({ ...common, coerceTypes: 'array' });
  for (const ajv of [body, text]) {
    addFormats(ajv);
    ajv.addFormat('date-time', { type: 'string', validate: isDateTime });
    addMaxDecimals(ajv);
  }
  ajvs = { body, text };
  return ajvs;
}

/**
 * Compiled validators by kind and schema text. A process that builds more than one app (the tests build
 * hundreds) compiles each route schema once: the routes declare their schemas afresh for every app, so the
 * objects differ while the schemas are the same. The schemas are plain JSON (TypeBox's symbol keys are
 * not part of a schema), so their text identifies them.
 */
const validators = new Map<string, Check>();

/**
 * Bodies are validated strictly (no type coercion: "7" is not 7); query strings and path parameters
 * are text on the wire, so they are coerced, but integers among them only from plain decimal text.
 * `format: "date-time"` takes only instants the service can hold (./date-time.ts).
 */
export function installValidators(app: FastifyInstance): void {
  app.setValidatorCompiler<FastifySchema>(({ schema, httpPart }) => {
    const kind = httpPart === 'body' ? 'body' : 'text';
    const key = `${kind}\0${JSON.stringify(schema)}`;
    let check = validators.get(key);
    if (!check) {
      const { body, text } = processAjvs();
      check = kind === 'body' ? body.compile(schema as object) : textValidator(text, schema as object);
      validators.set(key, check);
    }
    return check;
  });
}
