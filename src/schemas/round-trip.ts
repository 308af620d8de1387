import { Type, type TObject, type TOptional, type TProperties, type TSchema } from 'typebox';
import { Strict } from './common.js';

const note = (schema: TSchema, text: string) => {
  const own = (schema as { description?: unknown }).description;
  return typeof own === 'string' ? `${own}; ${text}` : text;
};

/** A round-trip body's type: the writable members as declared, every other member of the answer optional. */
export type TRoundTripBody<Writable extends TProperties, Answer extends TProperties> = TObject<
  Writable & { [Name in Exclude<keyof Answer, keyof Writable>]: TOptional<Answer[Name]> }
>;

/**
 * The body a PUT takes: its writable members, plus every other member of the record its GET answers,
 * optional, so that a GET answer can be edited and sent back as it is. Key members, when sent, must equal
 * the path (`keyMismatches`); the other extra members (timestamps and what the service derives) are
 * marked readOnly and ignored (`writableOf`). Any member the record does not have stays an error.
 */
export function roundTripBody<Writable extends TProperties, Answer extends TProperties>(
  writable: TObject<Writable>,
  record: TObject<Answer>,
  keyFields: readonly string[],
): TRoundTripBody<Writable, Answer> {
  const extra: Record<string, TSchema> = {};
  for (const [name, schema] of Object.entries(record.properties as Record<string, TSchema>)) {
    if (name in writable.properties) continue;
    extra[name] = keyFields.includes(name)
      ? Type.Optional(Type.With(schema, { description: note(schema, `optional here: when sent it must equal the path's ${name}`) }))
      : Type.Optional(Type.With(schema, { readOnly: true, description: note(schema, 'read-only: accepted so a GET answer can be sent back, and ignored') }));
  }
  const description = (writable as { description?: unknown }).description;
  // The members are assembled by name at run time; the static type states what they are: the writable
  // ones as declared, every other member of the record optional.
  return Strict({ ...(writable.properties as Record<string, TSchema>), ...extra }, typeof description === 'string' ? { description } : {}) as TRoundTripBody<
    Writable,
    Answer
  >;
}
