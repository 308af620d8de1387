import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance, FastifySchema } from 'fastify';

// ajv-formats is CommonJS; its default export arrives wrapped under NodeNext.
type AddFormats = (ajv: Ajv) => Ajv;
const addFormats: AddFormats =
  (addFormatsModule as unknown as { default?: AddFormats }).default ?? (addFormatsModule as unknown as AddFormats);

const common: Options = {
  allErrors: true, // every problem at once (API.md §1)
  removeAdditional: false, // unknown fields are errors, not silently dropped (STACK.md pitfall 4)
  useDefaults: true,
  // multipleOf 0.01 on decimals: 0.07 / 0.01 is 7.000000000000001 in floating point.
  multipleOfPrecision: 9,
  strict: false,
};

/**
 * Bodies are validated strictly (no type coercion: "7" is not 7); query strings and path parameters
 * are text on the wire, so they are coerced.
 */
export function installValidators(app: FastifyInstance): void {
  const bodyAjv = new Ajv({ ...common, coerceTypes: false });
  const textAjv = new Ajv({ ...common, coerceTypes: 'array' });
  for (const ajv of [bodyAjv, textAjv]) addFormats(ajv);
  app.setValidatorCompiler<FastifySchema>(({ schema, httpPart }) =>
    (httpPart === 'body' ? bodyAjv : textAjv).compile(schema as object),
  );
}
