// Requests for one operation of the document: valid ones (realistic keys and bodies mixed with generated
// values) and ones with exactly one deliberate fault, each labelled with what the document says should
// happen to it.

import fc from 'fast-check';
// The longest path parameter the router takes: a longer one is answered 414 (documented) rather than 400.
import { MAX_PARAM_LENGTH } from '../../src/plugins/problem.js';
import { Arbitraries, hasUnstorableText, jsonText, ODD_STRINGS, RawNumber } from './arbitraries.js';
import type { DocumentSchemas, Operation, Parameter, Schema } from './document.js';
import { realValues, type Template, type World } from './realistic.js';

/**
 * What the document says about a request: `valid` must not be refused as malformed (no 400), `invalid`
 * must be a 400, `unsupported-media-type` a 415; `unspecified` only has to be answered as documented.
 */
export type Expectation = 'valid' | 'invalid' | 'unsupported-media-type' | 'unspecified';

export interface Draft {
  operationId: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  payload: string | undefined;
  /** The deliberate fault, when there is one. */
  fault: string | undefined;
  expectation: Expectation;
  /** The statuses that refuse it as the document says, when it must be refused. */
  refusals: number[];
  /** Why the request is invalid, when the document says it is. */
  reasons: string[];
  /** The request asks for CSV (`?format=csv`, or an Accept header preferring text/csv). */
  wantsCsv: boolean;
  /** The request asks for an Excel workbook (`?format=xlsx`; no drawn Accept header names its media type). */
  wantsXlsx: boolean;
}

const ACCEPTS = ['text/csv', 'application/json', '*/*', 'text/csv, application/json;q=0.5', 'text/html', 'text/csv;q=0.9'];
const NUMBER_TEXTS = ['abc', '', '1.5', '-1', '99999999999999999999', '1e19', '9223372036854775807', '1e3', '+7', '7.0', ' 7', '0x10', '07', 'NaN', 'Infinity', '١٢'];
const BOOLEAN_TEXTS = ['yes', '1', 'TRUE', '', 'true '];
const BAD_ENCODINGS = ['%', '%zz', '%E0%A4%A', '%ED%A0%80', '%C0%AF', '%FF'];
const MEDIA_TYPES = ['text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data; boundary=x'];
/** Integers in paths and query strings as the document's description gives them: plain decimal digits. */
const PLAIN_INTEGER = /^(?:0|-?[1-9][0-9]*)$/;
const PLAIN_DECIMAL = /^(?:0|-?[1-9][0-9]*)(\.[0-9]+)?$/;

const containsRawNumber = (value: unknown): boolean =>
  value instanceof RawNumber || (value !== null && typeof value === 'object' && Object.values(value).some(containsRawNumber));

/** Any member name or string inside a parsed body that the service cannot store. */
const containsUnstorableText = (value: unknown): boolean =>
  typeof value === 'string'
    ? hasUnstorableText(value)
    : value !== null && typeof value === 'object' && Object.entries(value).some(([k, v]) => hasUnstorableText(k) || containsUnstorableText(v));


/** A JSON value as the text of a path, query or header parameter. */
const textOf = (value: unknown) => (typeof value === 'string' ? value : String(value));

export class RequestFactory {
  private readonly arbitraries: Arbitraries;

  constructor(
    private readonly schemas: DocumentSchemas,
    private readonly world: World,
    private readonly templates: Record<string, fc.Arbitrary<Template>>,
  ) {
    this.arbitraries = new Arbitraries(schemas);
  }

  arbitrary(op: Operation): fc.Arbitrary<Draft> {
    return fc.gen().map((g) => this.build(op, <T>(arb: fc.Arbitrary<T>) => g(() => arb)));
  }

  /** Why a parameter's text breaks its schema (plain digits for integers), or undefined when it does not. */
  paramProblem(schema: Schema, text: string): string | undefined {
    if (hasUnstorableText(text)) return 'text that cannot be stored';
    const s = this.schemas.resolve(schema);
    const type = s.type;
    let value: unknown = text;
    if (type === 'integer' || type === 'number') {
      if (!(type === 'integer' ? PLAIN_INTEGER : PLAIN_DECIMAL).test(text)) return `"${text}" is not written in plain digits`;
      value = Number(text);
    } else if (type === 'boolean') {
      if (text !== 'true' && text !== 'false') return `"${text}" is not true or false`;
      value = text === 'true';
    }
    const problems = this.schemas.check(s, value);
    return problems.length > 0 ? `"${text}": ${problems.join('; ')}` : undefined;
  }

  private wrongTexts(p: Parameter): string[] {
    const s = this.schemas.resolve(p.schema);
    const max = typeof s.maximum === 'number' ? [String(s.maximum + 1)] : [];
    const min = typeof s.minimum === 'number' ? [String(s.minimum - 1)] : [];
    let texts: string[];
    if (s.type === 'integer' || s.type === 'number') texts = [...NUMBER_TEXTS, ...max, ...min];
    else if (s.type === 'boolean') texts = BOOLEAN_TEXTS;
    else {
      const enums = Array.isArray(s.enum) ? (s.enum as unknown[]).map((e) => String(e).toUpperCase()) : [];
      const long = typeof s.maxLength === 'number' ? ['a'.repeat(s.maxLength + 1)] : [];
      texts = [...ODD_STRINGS, '\u0000', 'a\u0000', ...enums, ...long];
    }
    if (p.in === 'path') texts = texts.filter((t) => t !== '' && t !== '.' && t !== '..');
    if (p.in === 'header') texts = texts.filter((t) => /^[\t\x20-\x7e\x80-\xff]*$/.test(t) && t.length < 8000);
    return texts;
  }

  private build(op: Operation, draw: <T>(arb: fc.Arbitrary<T>) => T): Draft {
    const chance = (percent: number) => draw(fc.integer({ min: 0, max: 99 })) < percent;
    const pick = <T>(list: readonly T[]): T => draw(fc.constantFrom(...list));
    const template = this.templates[op.operationId] && chance(70) ? draw(this.templates[op.operationId]!) : undefined;
    const real = realValues(this.world, op.method);

    // Parameter texts as the server should decode them; rawPath and rawQuery (below) carry text sent as it is.
    const values = new Map<Parameter, string>();
    for (const p of op.parameters) {
      const given = template?.params?.[p.name] ?? template?.query?.[p.name];
      if (given !== undefined) values.set(p, given);
      else if (p.required || chance(35)) {
        const known = real[p.name];
        const text = known && known.length > 0 && chance(75) ? pick(known) : textOf(draw(this.arbitraries.valid(p.schema)));
        // "." and ".." are dot segments: URL normalization removes them before the server sees the path.
        values.set(p, p.in === 'path' && /^\.{1,2}$/.test(text) ? `${text}0` : text);
      }
    }
    let body: unknown;
    let hasBody = false;
    if (op.body) {
      hasBody = op.body.required || chance(80);
      if (hasBody) body = template?.body !== undefined ? template.body : draw(this.arbitraries.valid(op.body.schema));
      body = this.keysFromPath(op, values, body);
    }
    const headers: Record<string, string> = {};
    const csvCapable = Object.values(op.responses).some((content) => content && 'text/csv' in content);
    if (chance(csvCapable ? 30 : 5)) headers.accept = pick(ACCEPTS);

    // One deliberate fault in half of the requests.
    const byPlace = (place: Parameter['in']) => op.parameters.filter((p) => p.in === place);
    const faults = [
      ...(byPlace('path').length > 0 ? ['path'] : []),
      ...(byPlace('query').length > 0 ? ['query', 'repeated-query'] : []),
      ...(byPlace('header').length > 0 ? ['header'] : []),
      ...(op.body ? ['body', 'body', 'body', 'json-text', 'duplicate-key', 'media-type', ...(op.body.required ? ['missing-body'] : [])] : []),
      'unknown-query',
      'url-encoding',
    ];
    const fault = chance(50) ? pick(faults) : undefined;
    let rawQuery = '';
    const rawPath = new Map<string, string>();
    let payload: string | undefined = hasBody ? jsonText(body) : undefined;
    let contentType = hasBody ? 'application/json' : undefined;
    const reasons: string[] = [];
    let unspecified = false;

    switch (fault) {
      case 'path':
      case 'query':
      case 'header': {
        const p = pick(byPlace(fault));
        values.set(p, pick(this.wrongTexts(p)));
        // A body carrying the key follows the path, so the fault stays the path's alone.
        if (fault === 'path' && hasBody) payload = jsonText((body = this.keysFromPath(op, values, body)));
        break;
      }
      case 'repeated-query': {
        const p = pick(byPlace('query'));
        const again = values.get(p) ?? textOf(draw(this.arbitraries.valid(p.schema)));
        values.set(p, again);
        rawQuery += `&${encodeURIComponent(p.name)}=${encodeURIComponent(again)}`;
        reasons.push(`query parameter ${p.name} given twice`);
        break;
      }
      case 'unknown-query':
        rawQuery += `&zzUnknown=${encodeURIComponent(pick(['1', '', 'x']))}`;
        unspecified = true;
        break;
      case 'url-encoding': {
        // In a path parameter, or as the value of a declared query parameter; under an undeclared name it is
        // a parameter the operation does not read, about which the document says nothing.
        const declared = [...byPlace('path'), ...byPlace('query')];
        const p = declared.length > 0 && chance(80) ? pick(declared) : undefined;
        const encoding = pick(BAD_ENCODINGS);
        if (p?.in === 'path') rawPath.set(p.name, encoding);
        else rawQuery += `&${p ? encodeURIComponent(p.name) : 'x'}=${encoding}`;
        if (p) values.delete(p);
        if (p) reasons.push(`${p.in} parameter ${p.name} is not valid percent-encoded UTF-8`);
        else unspecified = true;
        break;
      }
      case 'body':
        body = draw(this.arbitraries.mutate(op.body!.schema, hasBody ? body : {}));
        payload = jsonText(body);
        contentType = 'application/json';
        break;
      case 'json-text': {
        payload = pick(['{', '{"a":1,}', '[1,', 'nul', "{'a':1}", '{"a":1}{"b":2}', '\u0000']);
        contentType = 'application/json';
        break;
      }
      case 'duplicate-key': {
        const record = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : { zz: 1 };
        const [key, value] = Object.entries(record)[0] ?? ['zz', 1];
        const rest = jsonText(record).slice(1);
        payload = `{${JSON.stringify(key)}:${jsonText(value)}${rest === '}' ? '' : ','}${rest}`;
        contentType = 'application/json';
        reasons.push(`member "${key}" given twice in the JSON body`);
        break;
      }
      case 'media-type':
        contentType = pick(MEDIA_TYPES);
        payload ??= '{}';
        break;
      case 'missing-body':
        payload = undefined;
        contentType = undefined;
        break;
    }

    // What the document says about the request as finally built.
    for (const [p, text] of values) {
      const problem = this.paramProblem(p.schema, text);
      if (problem) reasons.push(`${p.in} parameter ${p.name}: ${problem}`);
    }
    if (op.body && fault !== 'media-type') {
      if (payload === undefined) {
        if (op.body.required) reasons.push('the body is required');
      } else {
        let parsed: unknown;
        try {
          parsed = JSON.parse(payload);
        } catch {
          reasons.push('the body is not JSON');
        }
        if (parsed !== undefined) {
          const problems = this.schemas.check(op.body.schema, parsed);
          if (problems.length > 0) reasons.push(`body: ${problems.slice(0, 3).join('; ')}`);
          else if (containsUnstorableText(parsed)) reasons.push('body text that cannot be stored');
          // A number beyond double range: JSON allows it, the document says nothing about it.
          else if (fault === 'body' && containsRawNumber(body)) unspecified = true;
        }
      }
    }

    const url = this.url(op, values, rawPath, rawQuery);
    const tooLong = [...values].some(([p, text]) => p.in === 'path' && text.length > MAX_PARAM_LENGTH);
    if (contentType) headers['content-type'] = contentType;
    for (const [p, text] of values) if (p.in === 'header') headers[p.name] = text;
    const format = [...values].find(([p]) => p.in === 'query' && p.name === 'format')?.[1];
    const accept = headers.accept ?? '';
    const wantsCsv = format !== undefined ? format === 'csv' : accept.includes('text/csv') && !accept.includes('application/json');
    const wantsXlsx = format === 'xlsx';
    const expectation: Expectation =
      fault === 'media-type' ? 'unsupported-media-type' : reasons.length > 0 ? 'invalid' : unspecified ? 'unspecified' : 'valid';
    const refusals = expectation === 'invalid' ? (tooLong ? [400, 414] : [400]) : expectation === 'unsupported-media-type' ? [415] : [];
    return { operationId: op.operationId, method: op.method, url, headers, payload, fault, expectation, refusals, reasons, wantsCsv, wantsXlsx };
  }

  /**
   * A PUT body may carry the record's key members (a GET answer sent back); when it does they must equal
   * the path, so a body meant to be valid gets the path's values.
   */
  private keysFromPath(op: Operation, values: Map<Parameter, string>, body: unknown): unknown {
    const keys = [...values].filter(([p]) => p.in === 'path');
    const align = (item: unknown): unknown => {
      if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
      const record = { ...(item as Record<string, unknown>) };
      for (const [p, text] of keys) if (p.name in record) record[p.name] = this.schemas.resolve(p.schema).type === 'integer' ? Number(text) : text;
      return record;
    };
    if (op.method !== 'PUT') return body;
    if (Array.isArray(body)) return body.map(align);
    const aligned = align(body) as Record<string, unknown>;
    return Array.isArray(aligned?.items) ? { ...aligned, items: aligned.items.map(align) } : aligned;
  }

  private url(op: Operation, values: Map<Parameter, string>, rawPath: Map<string, string>, rawQuery: string): string {
    const byName = new Map([...values].map(([p, text]) => [`${p.in}:${p.name}`, text]));
    const path = op.path.replace(
      /\{([^}]+)\}/g,
      (_m, name: string) => rawPath.get(name) ?? encodeURIComponent(byName.get(`path:${name}`) ?? ''),
    );
    const query = [...values]
      .filter(([p]) => p.in === 'query')
      .map(([p, text]) => `${encodeURIComponent(p.name)}=${encodeURIComponent(text)}`)
      .join('&');
    const all = `${query}${rawQuery}`.replace(/^&/, '');
    return all ? `${path}?${all}` : path;
  }
}
