import { Type, type TSchema } from 'typebox';

/**
 * Objects in requests refuse unknown fields (docs/stack.md, trap 4). A property with a `default` is optional
 * on the wire: validation fills the default in, so the handler always sees a value and the static type
 * keeps the property required, while the schema (and the OpenAPI document) does not demand it.
 */
export const Strict = <T extends Record<string, TSchema>>(properties: T, options: { description?: string } = {}) => {
  const schema = Type.Object(properties, { additionalProperties: false, ...options });
  const wire = schema as { required?: string[] };
  const required = (wire.required ?? []).filter((name) => !('default' in (properties[name] as object)));
  if (required.length > 0) wire.required = required;
  else delete wire.required;
  return schema;
};

/**
 * The query of a route that reads none: every field is unknown, so a 400 names it, as on the routes that
 * do read one (`?format=xlsx` on a record is refused rather than answered as JSON).
 */
export const NoQuery = Strict({});

export const CountyCode = Type.String({ pattern: '^[0-9]{6}$', description: '6-digit region code (行政区划代码)', examples: ['441427'] });
export const CityCode = Type.String({ pattern: '^[0-9]{6}$', examples: ['441400'] });
export const ProvinceCode = Type.String({ pattern: '^[0-9]{2}$', examples: ['44'] });
export const TownCode = Type.String({ pattern: '^[0-9]{9}$', description: '9-digit town code; starts with its county code', examples: ['441427100'] });
export const SchoolCode = Type.String({ pattern: '^[0-9]{10}$', description: '学校标识码, 10 digits', examples: ['2144012345'] });
export const LocalCode = Type.String({ pattern: '^[A-Za-z0-9._-]{1,32}$', description: 'letters, digits, ".", "_" or "-", at most 32' });
export const Year = Type.Integer({ minimum: 2000, maximum: 2100, description: 'school year by its start year', examples: [2024] });
export const Name = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' });

/** Yuan with at most 2 decimals; stored as integer fen. */
export const Yuan = Type.Number({ minimum: 0, maximum: 1e12, maxDecimals: 2, description: 'yuan' });
/** m² with at most 2 decimals. */
export const Area = Type.Number({ minimum: 0, maximum: 1e8, maxDecimals: 2, description: 'm²' });
export const Count = Type.Integer({ minimum: 0, maximum: 1_000_000 });

export const Timestamp = Type.String({ format: 'date-time' });

/**
 * The largest `offset`: 2^31 − 1, PostgreSQL's `integer`. Far beyond any table's row count (a larger
 * offset could only answer an empty page), and well inside what a JavaScript number holds exactly and
 * PostgreSQL's bigint OFFSET accepts, so a huge offset is a 400 rather than a database error.
 */
export const MAX_OFFSET = 2_147_483_647;

/** Paging query parameters; both have defaults, so both are optional and handlers always get numbers. */
export const Paging = {
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100, description: 'page size' }),
  offset: Type.Integer({ minimum: 0, maximum: MAX_OFFSET, default: 0, description: 'rows skipped before the page' }),
  format: Type.Optional(Type.Enum(['json', 'csv'], { description: 'csv answers text/csv (as does Accept: text/csv)' })),
};

/**
 * A 200 answer that is JSON by `schema`, or CSV for `?format=csv` or `Accept: text/csv`: UTF-8 with a
 * byte-order mark and a header row; `rows` says what one row is.
 */
export const jsonOrCsv = (schema: TSchema, rows: string) => ({
  200: {
    description: `JSON, or with \`?format=csv\` or \`Accept: text/csv\` CSV: ${rows}`,
    content: {
      'application/json': { schema },
      'text/csv': { schema: Type.String({ description: `UTF-8 with a byte-order mark and a header row; ${rows}` }) },
    },
  },
});

/** The media type of an Excel workbook (.xlsx). */
export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** `format` of the answers that also come as an Excel workbook. */
export const FormatWithXlsx = Type.Enum(['json', 'csv', 'xlsx'], {
  description: 'csv answers text/csv (as does Accept: text/csv); xlsx an Excel workbook, one sheet per table (as does an Accept header preferring its media type)',
});

/**
 * `jsonOrCsv`, and for `?format=xlsx` (or an Accept header preferring the xlsx media type) an Excel workbook:
 * `sheets` names its sheets; each has a bold, frozen header row of the CSV's column names.
 */
export const jsonCsvOrXlsx = (schema: TSchema, rows: string, sheets: string) => {
  const csv = jsonOrCsv(schema, rows)[200];
  return {
    200: {
      description: `${csv.description}; with \`?format=xlsx\` an Excel workbook: ${sheets}`,
      content: {
        ...csv.content,
        [XLSX_MEDIA_TYPE]: { schema: Type.String({ format: 'binary', description: `an Excel workbook (.xlsx): ${sheets}` }) },
      },
    },
  };
};

export const Page = <T extends TSchema>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    total: Type.Integer(),
    limit: Type.Integer(),
    offset: Type.Integer(),
  });

export const ProblemDetail = Type.Object({
  pointer: Type.String({ description: 'JSON pointer into the part named by `in`' }),
  in: Type.Optional(Type.Enum(['body', 'query', 'path', 'header'])),
  message: Type.String(),
});

/** RFC 9457 problem details; `errors` lists every validation problem at once. */
export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    requestId: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(ProblemDetail)),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details (application/problem+json)' },
);

export const ProblemRef = Type.Ref('Problem');

/** The error answers every route can give, by status. */
export const problemResponses = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [s, ProblemRef])) as Record<number, typeof ProblemRef>;
