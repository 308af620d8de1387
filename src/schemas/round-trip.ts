import { Type, type TObject, type TSchema } from 'typebox';
import { Strict } from './common.js';

const note = (schema: TSchema, text: string) => {
  const own = (schema as { description?: unknown }).description;
  return typeof own === 'string' ? `${own}; ${text}` : text;
};

/**
 * The body a PUT takes: its writable members, plus every other member of the record its GET answers,
 * optional, so that a GET answer can be edited and sent back as it is. Key members, when sent, must equal
 * the path (`keyMismatches`); the other extra members (timestamps and what the service derives) are
 * marked readOnly and ignored (`writableOf`). Any member the record does not have stays an error.
 */
export function roundTripBody(writable: TObject, record: TObject, keyFields: readonly string[]): TObject {
  const extra: Record<string, TSchema> = {};
  for (const [name, schema] of Object.entries(record.properties as Record<string, TSchema>)) {
    if (name in writable.properties) continue;
    extra[name] = keyFields.includes(name)
      ? Type.Optional(Type.With(schema, { description: note(schema, `optional here: when sent it must equal the path's ${name}`) }))
      : Type.Optional(Type.With(schema, { readOnly: true, description: note(schema, 'read-only: accepted so a GET answer can be sent back, and ignored') }));
  }
  const description = (writable as { description?: unknown }).description;
  return Strict({ ...(writable.properties as Record<string, TSchema>), ...extra }, typeof description === 'string' ? { description } : {});
}
