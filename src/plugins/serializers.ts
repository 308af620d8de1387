// Response serializers (fast-json-stringify, as Fastify makes them by default), compiled once per process
// for each schema. A process that builds more than one app (the tests build hundreds) would otherwise
// generate and compile the same serializer code for every app: the routes declare their schemas afresh for
// each app, so the objects differ while the schemas are the same. Schemas, shared schemas and options are
// plain JSON here, so their text identifies a serializer.

import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';

type SerializerFactory = ReturnType<typeof SerializerSelector>;
type Serializer = ReturnType<ReturnType<SerializerFactory>>;

const serializers = new Map<string, Serializer>();

/** Fastify's `schemaController.compilersFactory.buildSerializer`: the default one, behind the process's cache. */
export const buildCachedSerializer: SerializerFactory = (externalSchemas, options) => {
  const compile = SerializerSelector()(externalSchemas, options);
  const context = JSON.stringify([externalSchemas ?? null, options ?? null]);
  return (route) => {
    const key = `${context}\0${JSON.stringify(route.schema)}`;
    let serializer = serializers.get(key);
    if (!serializer) {
      serializer = compile(route);
      serializers.set(key, serializer);
    }
    return serializer;
  };
};
