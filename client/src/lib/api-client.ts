import type { ErrorBody } from '@tsunagu/contract';
import { takeActivity } from './activity.ts';

/** An answer other than 2xx, carrying the server's `{ code, message, field }`. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly requestId: string | undefined;

  constructor(status: number, body: Partial<ErrorBody>) {
    super(body.message ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code ?? `HTTP_${status}`;
    this.field = body.field || undefined;
    this.retryAfterSeconds = body.retryAfterSeconds;
    this.requestId = body.requestId;
  }
}

/** The request never got an answer (server down, network lost). */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super('network error', { cause });
    this.name = 'NetworkError';
  }
}

export type QueryParams = Record<string, string | number | boolean | null | undefined>;

interface RequestOptions {
  query?: QueryParams | undefined;
  body?: unknown;
  /** A file upload (multipart/form-data); the browser sets the content type and boundary. */
  form?: FormData | undefined;
  signal?: AbortSignal | undefined;
}

/** Codes meaning "this browser is no longer (fully) signed in": the app goes to sign-in. */
const SESSION_LOST_CODES = new Set(['UNAUTHENTICATED', 'SESSION_EXPIRED', 'TWO_FACTOR_REQUIRED']);

type AuthProblemHandler = (error: ApiError) => void;
let authProblemHandler: AuthProblemHandler = () => {};

/** The app registers what to do when a request shows the session is gone or needs a new password. */
export function setAuthProblemHandler(handler: AuthProblemHandler): void {
  authProblemHandler = handler;
}

/** Whether an error means the user must sign in again. */
export function isSessionLost(error: unknown): error is ApiError {
  return error instanceof ApiError && error.status === 401 && SESSION_LOST_CODES.has(error.code);
}

/** Whether a read failed because the record is not there for this user (or its address is malformed). */
export function isNotFound(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    (error.status === 404 || (error.status === 400 && error.code === 'VALIDATION_FAILED'))
  );
}

let csrfToken: Promise<string> | null = null;
let lastHeardAt = Date.now();

/**
 * Milliseconds since this page last sent the server news of someone using it: the server's idle
 * clock, which the page's own background requests (x-tsunagu-background) do not move.
 */
export function millisSinceServerHeard(): number {
  return Date.now() - lastHeardAt;
}

/**
 * The header on a request nobody asked for just now: a poll, a count, a refresh after a live
 * event, the idle check. The server answers it without extending the session, so a screen left
 * on overnight still signs out. Marked by what the person did, not by each call site: a request
 * is the person's only if they acted on the page since the last one that told the server so
 * (see lib/activity.ts), so a new poll or count is background without anyone remembering to say so.
 */
const BACKGROUND_HEADER = 'x-tsunagu-background';

async function fetchCsrfToken(): Promise<string> {
  const body = await send<{ token: string }>('GET', '/api/auth/csrf', {});
  return body.token;
}

function csrf(refresh: boolean): Promise<string> {
  if (refresh || !csrfToken) {
    csrfToken = fetchCsrfToken();
    // A failed fetch must not be cached: the next request tries again.
    csrfToken.catch(() => {
      csrfToken = null;
    });
  }
  return csrfToken;
}

/** Builds `/path?a=1&b=2`, leaving out empty values. */
export function withQuery(path: string, query: QueryParams | undefined): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function send<T>(method: string, path: string, options: RequestOptions, token?: string): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined && !options.form) headers['content-type'] = 'application/json';
  if (token) headers['x-csrf-token'] = token;
  const activity = takeActivity();
  if (!activity.isActivity) headers[BACKGROUND_HEADER] = '1';
  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.form ?? (options.body === undefined ? null : JSON.stringify(options.body)),
      signal: options.signal ?? null,
    });
  } catch (error) {
    // A cancelled request may well have reached the server; one the network lost did not, so
    // the next request carries the news instead.
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    activity.giveBack();
    throw new NetworkError(error);
  }
  if (activity.isActivity) lastHeardAt = Date.now();
  // The token is bound to the session: a sign-in step or sign-out hands the one for the new session.
  const freshToken = response.headers.get('x-csrf-token');
  if (freshToken) csrfToken = Promise.resolve(freshToken);
  const text = await response.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  if (!response.ok) {
    const body = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Partial<ErrorBody>;
    throw new ApiError(response.status, body);
  }
  // The server's schemas are the contract; the client trusts its own server's answers.
  return parsed as T;
}

/**
 * The one way the client talks to the server: JSON in and out, cookies for the session,
 * the CSRF token on every write (fetched once, replaced by the one a sign-in step hands,
 * renewed and retried once when refused).
 */
export async function apiRequest<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  options: RequestOptions = {},
): Promise<T> {
  try {
    if (method === 'GET') return await send<T>(method, path, options);
    try {
      return await send<T>(method, path, options, await csrf(false));
    } catch (error) {
      if (error instanceof ApiError && error.status === 403 && error.code === 'CSRF_INVALID') {
        return await send<T>(method, path, options, await csrf(true));
      }
      throw error;
    }
  } catch (error) {
    if (isSessionLost(error) || (error instanceof ApiError && error.code === 'PASSWORD_CHANGE_REQUIRED')) {
      authProblemHandler(error);
    }
    throw error;
  }
}

/** One multipart upload over XMLHttpRequest, which (unlike fetch) reports how much has been sent. */
function sendWithProgress<T>(
  path: string,
  form: FormData,
  token: string,
  onProgress: (sent: number) => void,
) {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('x-csrf-token', token);
    // Marked as any request is (see send): an upload someone just started carries their activity.
    const activity = takeActivity();
    if (!activity.isActivity) xhr.setRequestHeader(BACKGROUND_HEADER, '1');
    xhr.withCredentials = true;
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => {
      activity.giveBack();
      reject(new NetworkError(new Error('upload failed')));
    };
    xhr.onload = () => {
      if (activity.isActivity) lastHeardAt = Date.now();
      let parsed: unknown;
      try {
        parsed = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        parsed = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(parsed as T);
      else {
        const body: Partial<ErrorBody> = typeof parsed === 'object' && parsed !== null ? parsed : {};
        reject(new ApiError(xhr.status, body));
      }
    };
    xhr.send(form);
  });
}

/**
 * Uploads a form (a file and its options) with the share sent so far (0–1), for large files
 * on slow lines; the CSRF token as for any write, renewed and retried once when refused.
 */
export async function uploadWithProgress<T>(
  path: string,
  form: FormData,
  onProgress: (sent: number) => void,
): Promise<T> {
  try {
    return await sendWithProgress<T>(path, form, await csrf(false), onProgress);
  } catch (error) {
    if (error instanceof ApiError && error.status === 403 && error.code === 'CSRF_INVALID')
      return sendWithProgress<T>(path, form, await csrf(true), onProgress);
    if (isSessionLost(error)) authProblemHandler(error);
    throw error;
  }
}

/** Shorthands, one per method. */
export const api = {
  get: <T>(path: string, query?: QueryParams, signal?: AbortSignal) =>
    apiRequest<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown) => apiRequest<T>('POST', path, { body: body ?? {} }),
  put: <T>(path: string, body?: unknown) => apiRequest<T>('PUT', path, { body: body ?? {} }),
  patch: <T>(path: string, body?: unknown) => apiRequest<T>('PATCH', path, { body: body ?? {} }),
  delete: <T>(path: string) => apiRequest<T>('DELETE', path, {}),
  /** Sends one file as multipart/form-data under `field`. */
  upload: <T>(method: 'POST' | 'PUT', path: string, file: File, field = 'file') => {
    const form = new FormData();
    form.append(field, file);
    return apiRequest<T>(method, path, { form });
  },
};
