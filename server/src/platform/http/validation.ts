import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';

/**
 * Bodies are validated strictly: no type coercion (a "1" is not a 1), no silently dropped
 * unknown fields (they are refused), so a malformed request is answered 400, never half-read.
 * Query strings and path parameters arrive as text, so they are coerced.
 */
function makeAjv(options: Options): Ajv {
  const ajv = new Ajv({
    removeAdditional: false,
    useDefaults: true,
    allErrors: false,
    strict: true,
    ...options,
  });
  addFormats.default(ajv, ['email', 'date', 'date-time', 'uuid', 'uri', 'time']);
  return ajv;
}

export function installValidators(app: FastifyInstance): void {
  const bodyAjv = makeAjv({ coerceTypes: false });
  const textAjv = makeAjv({ coerceTypes: 'array' });
  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === 'body' ? bodyAjv : textAjv).compile(schema as object),
  );
}
