import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { describeValidationError, type ErrorBody, type SchemaValidationError } from '@tsunagu/contract';
import { AppError } from '../errors.ts';

type Part = 'body' | 'querystring' | 'params' | 'headers';

/** PostgreSQL errors a client's input can cause; anything else is ours (500) or the database's (503). */
const pgClientErrors: Record<string, { status: number; code: string; message: string }> = {
  '23505': { status: 409, code: 'CONFLICT', message: '同じ内容のデータが既にあります。' },
  '23503': {
    status: 409,
    code: 'REFERENCE_CONFLICT',
    message: '関連するデータがあるため、この操作はできません。',
  },
  '23514': { status: 400, code: 'INVALID_INPUT', message: '入力内容が条件を満たしていません。' },
  '22P02': { status: 400, code: 'INVALID_INPUT', message: '入力値の形式が正しくありません。' },
  '22007': { status: 400, code: 'INVALID_INPUT', message: '日時の形式が正しくありません。' },
  '22008': { status: 400, code: 'INVALID_INPUT', message: '日時が範囲外です。' },
  '22003': { status: 400, code: 'INVALID_INPUT', message: '数値が範囲外です。' },
  '22001': { status: 400, code: 'INVALID_INPUT', message: '入力値が長すぎます。' },
  // NUL in text (invalid byte sequence) or jsonb (untranslatable character): the validators refuse
  // both first, so reaching here means a path around them; still the client's fault, not ours.
  '22021': {
    status: 400,
    code: 'INVALID_INPUT',
    message: '使用できない文字（制御文字など）が含まれています。',
  },
  '22P05': {
    status: 400,
    code: 'INVALID_INPUT',
    message: '使用できない文字（制御文字など）が含まれています。',
  },
};
const unavailableCodes = new Set(['ECONNREFUSED', 'ECONNRESET', '57P01', '57P03', '53300', '08006', '08001']);

function send(reply: FastifyReply, status: number, body: ErrorBody): FastifyReply {
  if (body.retryAfterSeconds !== undefined) reply.header('retry-after', String(body.retryAfterSeconds));
  return reply.status(status).type('application/json; charset=utf-8').send(body);
}

/**
 * Errors Fastify's router meets before any route, hooks or error handler (a malformed percent
 * escape, a path parameter over 100 characters): answered in our shape, without echoing the
 * path (it may hold a guest link's token), instead of Fastify's English default.
 */
export function answerFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    void send(reply, 414, { code: 'URL_TOO_LONG', message: 'URLが長すぎます。' });
  } else if (error.code === 'FST_ERR_BAD_URL') {
    void send(reply, 400, { code: 'MALFORMED_URL', message: 'URLの形式が正しくありません。' });
  } else {
    request.log.error({ err: error }, 'router error');
    void send(reply, 500, {
      code: 'INTERNAL',
      message: 'サーバー内部でエラーが発生しました。',
      requestId: request.id,
    });
  }
}

/** The one error handler: named errors → their status; validation → 400 naming the field; the rest → 500 with a request id only. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler(
    (error: FastifyError & { code?: string; cause?: unknown }, request: FastifyRequest, reply) => {
      if (error instanceof AppError) {
        if (error.status >= 500) request.log.error({ err: error.cause ?? error }, error.code);
        return send(reply, error.status, {
          code: error.code,
          message: error.message,
          ...(error.field !== undefined ? { field: error.field } : {}),
          ...(error.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.retryAfterSeconds } : {}),
          ...(error.status >= 500 ? { requestId: request.id } : {}),
        });
      }
      if (error.validation) {
        const part: Part = error.validationContext ?? 'body';
        const schema = (request.routeOptions.schema as Record<string, unknown> | undefined)?.[part];
        const first = error.validation[0] as unknown as SchemaValidationError | undefined;
        const problem = first
          ? describeValidationError(schema, first, part)
          : { field: '', message: '入力内容が正しくありません。' };
        return send(reply, 400, {
          code: 'VALIDATION_FAILED',
          message: problem.message,
          field: problem.field,
        });
      }
      switch (error.code) {
        case 'FST_ERR_CTP_INVALID_JSON_BODY':
        case 'FST_ERR_CTP_EMPTY_JSON_BODY':
          return send(reply, 400, {
            code: 'MALFORMED_JSON',
            message: 'リクエスト本文が正しいJSONではありません。',
          });
        case 'FST_ERR_CTP_BODY_TOO_LARGE':
          return send(reply, 413, { code: 'BODY_TOO_LARGE', message: 'リクエスト本文が大きすぎます。' });
        case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
          return send(reply, 415, {
            code: 'UNSUPPORTED_MEDIA_TYPE',
            message: 'このContent-Typeは受け付けられません（application/json を使ってください）。',
          });
      }
      const pg = error.code ? pgClientErrors[error.code] : undefined;
      if (pg) return send(reply, pg.status, { code: pg.code, message: pg.message });
      if (error.code && unavailableCodes.has(error.code)) {
        request.log.error({ err: error }, 'database unavailable');
        return send(reply, 503, {
          code: 'DATABASE_UNAVAILABLE',
          message: 'データベースに接続できません。しばらくしてからお試しください。',
          requestId: request.id,
        });
      }
      if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
        return send(reply, error.statusCode, {
          code: error.code ?? 'BAD_REQUEST',
          message: 'リクエストが正しくありません。',
        });
      }
      request.log.error({ err: error }, 'unhandled error');
      return send(reply, 500, {
        code: 'INTERNAL',
        message: 'サーバー内部でエラーが発生しました。',
        requestId: request.id,
      });
    },
  );
}
