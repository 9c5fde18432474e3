import type { FastifyLoggerOptions, FastifyServerOptions } from 'fastify';

/** Fastify's logger options (pino's, with Fastify's serializer types). */
type LoggerConfig = Exclude<FastifyServerOptions['logger'], boolean | undefined>;
/** Where log lines go: stdout by default, a test's capture otherwise. */
export type LogStream = NonNullable<FastifyLoggerOptions['stream']>;

/**
 * Logs carry no personal data (要配慮個人情報 above all). A log line is built from an allowlist:
 * a request is its method and the matched route's pattern (`/api/guest/:token`, never the
 * token), an error is its type, code, message and stack. What is left out on purpose: request
 * bodies, headers, query strings and path values; a database error's `detail` (a unique
 * violation names the row's values), `where`, `hint`, `internalQuery`, and PGlite's `query`,
 * `params` (the statement's parameters: names, birth dates…). The request id in every line
 * joins a log line to the audit log, which holds who and what under the database's protection.
 */

const REDACTED = '[redacted]';
/** Identifiers worth keeping from an error: codes and where in the schema, never values. */
const ERROR_FIELDS = [
  'code',
  'statusCode',
  'errno',
  'syscall',
  'severity',
  'schema',
  'table',
  'column',
  'constraint',
  'routine',
];
const MAX_MESSAGE = 500;
const MAX_CAUSES = 3;

function fieldOf(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? Reflect.get(value, key) : undefined;
}

/** An error as a log line may show it. */
export interface LoggedError {
  type: string;
  message: string;
  stack: string;
  [field: string]: unknown;
}

/**
 * PostgreSQL quotes the offending value in a message (`invalid input syntax for type date:
 * "…"`, `value "…" is out of range`), as Node does a piece of an unparsable body: whatever a
 * message quotes is treated as data. Quoted identifiers go too; the error's `constraint`,
 * `table` and `column` keep them.
 */
function scrubMessage(message: string): string {
  return scrubText(message.replace(/"[^\n]*"/g, `"${REDACTED}"`)).slice(0, MAX_MESSAGE);
}

/**
 * A safety net for text that quotes a URL (some of Fastify's own warnings do): the secret part
 * of a guest link (`/api/guest/<token>`, `/r/<token>`) and any query string are cut out.
 */
export function scrubText(text: string): string {
  return text
    .replace(/(\/api\/guest\/|\/r\/)[^\s/?#"'`]+/gi, `$1${REDACTED}`)
    .replace(/(\/[^\s?"'`]*)\?[^\s"'`]*/g, `$1?${REDACTED}`);
}

/** What a log may say about an error (and up to three of its causes): no values, no parameters. */
export function describeErrorForLog(error: unknown, depth = 0): LoggedError {
  if (!(error instanceof Error)) {
    const message = typeof error === 'string' ? scrubMessage(error) : REDACTED;
    return { type: typeof error, message, stack: '' };
  }
  const type = error.constructor.name;
  const message = scrubMessage(error.message);
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  const described: LoggedError = { type, message, stack: [`${type}: ${message}`, ...frames].join('\n') };
  for (const key of ERROR_FIELDS) {
    const value = fieldOf(error, key);
    if ((typeof value === 'string' && value.length <= 100) || typeof value === 'number')
      described[key] = value;
  }
  if (error.cause !== undefined && depth < MAX_CAUSES)
    described.cause = describeErrorForLog(error.cause, depth + 1);
  if (error instanceof AggregateError && depth < MAX_CAUSES) {
    described.errors = error.errors.slice(0, 5).map((e: unknown) => describeErrorForLog(e, depth + 1));
  }
  return described;
}

/** The line for a request: its method and the matched route's pattern, or only the first path segment. */
function describeRequest(request: unknown): { method?: string; url?: string } {
  const method = fieldOf(request, 'method');
  const route = fieldOf(fieldOf(request, 'routeOptions'), 'url');
  const rawUrl = fieldOf(request, 'url');
  let url: string | undefined;
  if (fieldOf(request, 'is404') !== true && typeof route === 'string') {
    url = route;
  } else if (typeof rawUrl === 'string') {
    // No route matched (an unknown path, a client page such as /r/<token>): its text is anyone's.
    const [, first = '', ...rest] = (rawUrl.split(/[?#]/)[0] ?? '').split('/');
    url = `/${first}${rest.length > 0 ? `/${REDACTED}` : ''}`;
  }
  return {
    ...(typeof method === 'string' ? { method } : {}),
    ...(url !== undefined ? { url } : {}),
  };
}

/**
 * A log call's arguments with their text scrubbed. Given an error and no message, pino would
 * copy the error's raw message into the line: the described (scrubbed) message goes instead.
 */
function scrubLogArguments(args: readonly unknown[]): unknown[] {
  const [first, ...rest] = args;
  const text = rest.map((arg) => (typeof arg === 'string' ? scrubText(arg) : arg));
  if (typeof first === 'string') return [scrubText(first), ...text];
  const error = first instanceof Error ? first : fieldOf(first, 'err');
  const head = first instanceof Error ? { err: first } : first;
  if (error instanceof Error && typeof rest[0] !== 'string') {
    return [head, describeErrorForLog(error).message, ...text];
  }
  return [head, ...text];
}

/** Pino options for the server's logger: allowlisted request, reply and error; scrubbed messages. */
export function loggerOptions(level: string, stream?: LogStream): LoggerConfig {
  return {
    level,
    ...(stream ? { stream } : {}),
    serializers: {
      req: describeRequest,
      res: (reply: unknown) => {
        const statusCode = fieldOf(reply, 'statusCode');
        return typeof statusCode === 'number' ? { statusCode } : {};
      },
      err: (error: unknown) => describeErrorForLog(error),
      error: (error: unknown) => describeErrorForLog(error),
    },
    // Should a future line log one of these by name, it still carries nothing.
    redact: { paths: ['body', 'params', 'query', 'headers', 'payload', 'parameters'], censor: REDACTED },
    hooks: {
      logMethod(args, method) {
        Reflect.apply(method, this, scrubLogArguments(args));
      },
    },
  };
}
