// fast-check arbitraries built from the OpenAPI document's schemas: values a schema accepts, and values
// near them that it refuses (wrong types, out of range, bad patterns and formats, missing or unknown
// fields, huge numbers, odd strings). Whether a value is really refused is decided by the document's own
// validator (DocumentSchemas.check), never by the generator.

import fc from 'fast-check';
import type { DocumentSchemas, Schema } from './document.js';

/** A number written into the JSON text as is (`1e400`, 30 digits), beyond what JSON.stringify can write. */
export class RawNumber {
  constructor(readonly text: string) {}
}

/** JSON text of a value that may hold RawNumbers. */
export function jsonText(value: unknown): string {
  const marked = JSON.stringify(value, (_key, v: unknown) => (v instanceof RawNumber ? `\u0001${v.text}\u0001` : v));
  return marked.replace(/"\u0001([^\u0001]*)\u0001"/g, '$1');
}

/** Text PostgreSQL cannot store verbatim: the service refuses it anywhere in a request (400). */
export const hasUnstorableText = (text: string): boolean =>
  /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);

/** Strings that are odd but storable: empty, blank, long, right-to-left, emoji, markup, SQL. */
export const ODD_STRINGS = [
  '',
  ' ',
  '\t\n',
  '蕉岭县'.repeat(100),
  'x'.repeat(5000),
  '\u202eevil',
  '🏫🎒',
  'e\u0301',
  "'; DROP TABLE schools; --",
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%00',
  '１２３４５６',
  '441427\n',
  'null',
  '0x10',
];
/** Strings the service must refuse wherever they appear. */
export const UNSTORABLE_STRINGS = ['a\u0000b', '\u0000', '\uD800', 'x\uDFFFy'];

const INT32 = 2 ** 31 - 1;
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

function integerArb(min: number, max: number): fc.Arbitrary<number> {
  if (min >= -INT32 && max <= INT32) return fc.integer({ min, max });
  const lo = Math.max(min, -INT32);
  const hi = Math.min(max, INT32);
  return fc.oneof(fc.integer({ min: lo, max: hi }), fc.constantFrom(min, max));
}

export class Arbitraries {
  private readonly validBySchema = new Map<Schema, fc.Arbitrary<unknown>>();

  constructor(private readonly schemas: DocumentSchemas) {}

  /**
   * Values meant to be accepted by the schema. Not filtered (a filter that never passes would spin for
   * ever): whether a request is valid is decided afterwards by the document's validator.
   */
  valid(schema: Schema): fc.Arbitrary<unknown> {
    let arb = this.validBySchema.get(schema);
    if (!arb) {
      arb = this.candidate(schema, 0);
      this.validBySchema.set(schema, arb);
    }
    return arb;
  }

  private types(s: Schema): string[] {
    if (Array.isArray(s.type)) return s.type as string[];
    if (typeof s.type === 'string') return [s.type];
    return [];
  }

  private candidate(schema: Schema, depth: number): fc.Arbitrary<unknown> {
    const s = this.schemas.resolve(schema);
    const members = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
    if (members) return fc.oneof(...members.map((m) => this.candidate(m, depth)));
    if (s.then || s.else) return fc.oneof(...[s.then, s.else].filter((b): b is Schema => typeof b === 'object').map((b) => this.candidate(b, depth)));
    if (Array.isArray(s.allOf) && s.allOf.length > 0) return this.candidate(s.allOf[0] as Schema, depth);
    if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]));
    if ('const' in s) return fc.constant(s.const);
    const types = this.types(s);
    if (types.length > 1) return fc.oneof(...types.map((type) => this.candidate({ ...s, type }, depth)));
    switch (types[0]) {
      case 'string':
        return this.string(s);
      case 'integer':
        return integerArb(
          Math.ceil(num(s.minimum) ?? (num(s.exclusiveMinimum) !== undefined ? num(s.exclusiveMinimum)! + 1 : -1_000_000)),
          Math.floor(num(s.maximum) ?? (num(s.exclusiveMaximum) !== undefined ? num(s.exclusiveMaximum)! - 1 : 1_000_000)),
        );
      case 'number':
        return this.number(s);
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      case 'array': {
        const items = (s.items as Schema | undefined) ?? {};
        const minLength = num(s.minItems) ?? 0;
        const maxLength = Math.min(num(s.maxItems) ?? 3, Math.max(minLength, 3));
        const item = this.candidate(items, depth + 1);
        return s.uniqueItems
          ? fc.uniqueArray(item, { minLength, maxLength, selector: (v) => JSON.stringify(v) })
          : fc.array(item, { minLength, maxLength });
      }
      case 'object':
        return this.object(s, depth);
      default:
        return fc.oneof(fc.constant(null), fc.string({ maxLength: 8 }), fc.integer());
    }
  }

  private string(s: Schema): fc.Arbitrary<string> {
    const minLength = num(s.minLength) ?? 0;
    const maxLength = num(s.maxLength) ?? 40;
    let arb: fc.Arbitrary<string>;
    if (s.format === 'date-time')
      arb = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => d.toISOString());
    else if (s.format === 'uuid') arb = fc.uuid();
    else if (s.format === 'date')
      arb = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    else if (typeof s.pattern === 'string') arb = fc.stringMatching(new RegExp(s.pattern as string));
    else arb = fc.string({ minLength, maxLength: Math.min(maxLength, 40), unit: 'grapheme' });
    // Shaped rather than filtered, so no pattern can make generation spin; the validator judges the result.
    return arb.map((v) => {
      const storable = hasUnstorableText(v) ? v.replace(/[\u0000\uD800-\uDFFF]/g, '') : v;
      return storable.slice(0, maxLength).padEnd(minLength, 'a');
    });
  }

  private number(s: Schema): fc.Arbitrary<number> {
    const min = num(s.minimum) ?? num(s.exclusiveMinimum) ?? -1_000_000;
    const max = num(s.maximum) ?? num(s.exclusiveMaximum) ?? 1_000_000;
    const places = num(s['x-maxDecimals']);
    const edges = fc.constantFrom(min, max, 0.01, 1, 8569703.95, 2000000.07).filter((v) => v >= min && v <= max);
    const spread = fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map((v) => (places === undefined ? v : Number(v.toFixed(places))));
    return fc.oneof(spread, edges).filter((v) => v >= min && v <= max && !Object.is(v, -0));
  }

  private object(s: Schema, depth: number): fc.Arbitrary<Record<string, unknown>> {
    const properties = (s.properties as Record<string, Schema> | undefined) ?? {};
    const required = new Set((s.required as string[] | undefined) ?? []);
    const member = (name: string) => this.candidate(properties[name]!, depth + 1);
    const requiredModel = Object.fromEntries([...required].filter((name) => name in properties).map((name) => [name, member(name)]));
    // Optional members: a few at a time, and none deep inside, so bodies stay small (a policy profile has dozens).
    const optional = depth > 2 ? [] : Object.keys(properties).filter((name) => !required.has(name));
    if (optional.length === 0) return fc.record(requiredModel);
    return fc
      .shuffledSubarray(optional, { maxLength: Math.min(optional.length, 4) })
      .chain((chosen) => fc.record({ ...requiredModel, ...Object.fromEntries(chosen.map((name) => [name, member(name)])) }));
  }

  /** Values near what the schema accepts that it should refuse (the caller confirms with the validator). */
  wrong(schema: Schema): fc.Arbitrary<unknown> {
    const s = this.schemas.resolve(schema);
    const types = this.types(s);
    const options: unknown[] = ['x', 12.5, true, null, [], {}, new RawNumber('1e400'), new RawNumber('123456789012345678901234567890')];
    const min = num(s.minimum) ?? num(s.exclusiveMinimum);
    const max = num(s.maximum) ?? num(s.exclusiveMaximum);
    if (types.includes('integer') || types.includes('number')) {
      if (min !== undefined) options.push(min - 1, min - 0.5, num(s.exclusiveMinimum) ?? min - 1e-9);
      if (max !== undefined) options.push(max + 1, max + 0.5, num(s.exclusiveMaximum) ?? max * 10);
      // biome-ignore lint/correctness/noPrecisionLoss: 2^53 + 1 is sent on purpose, to probe integer precision
      options.push(1e20, -1e20, 1.7976931348623157e308, -1.7976931348623157e308, 5e-324, 9007199254740993);
      const places = num(s['x-maxDecimals']);
      if (places !== undefined) options.push(Number(`1.${'0'.repeat(places)}5`), 0.001, 1e-7, 8569703.951);
    }
    if (types.includes('string') || Array.isArray(s.enum)) {
      options.push(...ODD_STRINGS, ...UNSTORABLE_STRINGS, 7);
      if (s.format === 'date-time')
        options.push(
          '2024-13-01T00:00:00Z',
          '2023-02-29T00:00:00Z',
          '2024-01-01',
          'yesterday',
          '+275760-09-13T00:00:00Z',
          '2024-01-01T25:00:00Z',
          '0000-01-01T00:00:00Z',
          '2016-12-31T23:59:60Z',
          '9999-12-31T23:59:59-01:00',
          '0001-01-01T00:00:00+01:00',
        );
      if (s.format === 'uuid') options.push('00000000-0000-0000-0000-00000000000g', '123', '{00000000-0000-0000-0000-000000000000}');
      const maxLength = num(s.maxLength);
      if (maxLength !== undefined) options.push('a'.repeat(maxLength + 1));
      if (Array.isArray(s.enum)) options.push(...(s.enum as unknown[]).filter((e) => typeof e === 'string').map((e) => String(e).toUpperCase()));
    }
    if (types.includes('array')) {
      const maxItems = num(s.maxItems);
      options.push('x', [null], [[]]);
      if (maxItems !== undefined && maxItems <= 1000) options.push(new Array(maxItems + 1).fill(1));
    }
    return fc.constantFrom(...options);
  }

  /**
   * A value with one deliberate fault somewhere inside: the whole value replaced by a wrong one, a member
   * mutated, a required member left out, or an unknown member added.
   */
  mutate(schema: Schema, value: unknown, depth = 0): fc.Arbitrary<unknown> {
    const s = this.schemas.resolve(schema);
    const options: fc.Arbitrary<unknown>[] = [this.wrong(s)];
    if (depth < 6 && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const record = value as Record<string, unknown>;
      const properties = (s.properties as Record<string, Schema> | undefined) ?? {};
      for (const [name, inner] of Object.entries(record)) {
        const memberSchema = properties[name];
        if (memberSchema) options.push(this.mutate(memberSchema, inner, depth + 1).map((v) => ({ ...record, [name]: v })));
      }
      for (const name of (s.required as string[] | undefined) ?? [])
        if (name in record) options.push(fc.constant(Object.fromEntries(Object.entries(record).filter(([k]) => k !== name))));
      if (s.additionalProperties === false) options.push(fc.constantFrom('zzUnknown', '__proto__', 'constructor', '').map((k) => ({ ...record, [k]: 1 })));
    }
    if (depth < 6 && Array.isArray(value) && value.length > 0) {
      const items = (s.items as Schema | undefined) ?? {};
      options.push(
        fc.nat(value.length - 1).chain((i) => this.mutate(items, value[i], depth + 1).map((v) => value.map((old, j) => (j === i ? v : old)))),
      );
    }
    return fc.oneof(...options);
  }
}
