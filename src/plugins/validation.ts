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

/**
 * Bodies are validated strictly (no type coercion: "7" is not 7); query strings and path parameters
 * are text on the wire, so they are coerced.
 */
export function installValidators(app: FastifyInstance): void {
  const bodyAjv = new Ajv({ ...common, coerceTypes: false });
  const textAjv = new Ajv({ ...common, coerceTypes: 'array' });
  for (const ajv of [bodyAjv, textAjv]) {
    addFormats(ajv);
    addMaxDecimals(ajv);
  }
  app.setValidatorCompiler<FastifySchema>(({ schema, httpPart }) =>
    (httpPart === 'body' ? bodyAjv : textAjv).compile(schema as object),
  );
}
