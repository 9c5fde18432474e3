/**
 * The named errors a service throws. One handler (platform/http/error-handler.ts) maps them
 * to `{ code, message, field? }`; messages are Japanese because the people reading them are.
 */
export class AppError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;
  readonly retryAfterSeconds: number | undefined;
  constructor(status: number, code: string, message: string, field?: string, retryAfterSeconds?: number) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Whether a database error is a UNIQUE (or primary key) violation, e.g. to answer it with a named 409. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '23505';
}

/** 400: the request names something impossible; `field` says which input. */
export class Invalid extends AppError {
  constructor(field: string, message: string, code = 'INVALID_INPUT') {
    super(400, code, message, field);
  }
}

/** 401: no valid session, or the session has not finished sign-in. */
export class Unauthenticated extends AppError {
  constructor(code = 'UNAUTHENTICATED', message = 'サインインが必要です。') {
    super(401, code, message);
  }
}

/** 403: the caller can see the thing but may not do this to it. */
export class Forbidden extends AppError {
  constructor(code = 'FORBIDDEN', message = 'この操作を行う権限がありません。') {
    super(403, code, message);
  }
}

/** 404: unknown, or outside the caller's scope (the two are not distinguished, so nothing leaks). */
export class NotFound extends AppError {
  constructor(what: string, code = 'NOT_FOUND') {
    super(404, code, `${what}が見つかりません。`);
  }
}

/** 409: the request conflicts with the current state. */
export class Conflict extends AppError {
  constructor(code: string, message: string, field?: string) {
    super(409, code, message, field);
  }
}

/** 429: slow down; the same answer whether or not the account exists. */
export class TooManyRequests extends AppError {
  constructor(code: string, message: string, retryAfterSeconds: number) {
    super(429, code, message, undefined, retryAfterSeconds);
  }
}

/** 503: a dependency the request needs (the audit log above all) is unavailable. */
export class Unavailable extends AppError {
  constructor(code: string, message: string) {
    super(503, code, message);
  }
}
