import fastJsonStringify, { type AnySchema } from 'fast-json-stringify';
import type { FastifyInstance } from 'fastify';

type Serializer = (data: unknown) => string;
const compiled = new WeakMap<object, Serializer>();

/**
 * Response serializers as Fastify compiles them by default (fast-json-stringify; the app adds no
 * shared schemas), but once per schema object and process: generating them is most of the time
 * it takes to build the app, and the tests build one app per test.
 */
export function installSerializers(app: FastifyInstance): void {
  app.setSerializerCompiler(({ schema }) => {
    const key = schema as object;
    let serialize = compiled.get(key);
    if (!serialize) {
      serialize = fastJsonStringify(schema as AnySchema) as Serializer;
      compiled.set(key, serialize);
    }
    return serialize;
  });
}
