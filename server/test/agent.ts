import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { App } from '../src/platform/http/typed-app.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * A browser-like client over app.inject: it keeps cookies between requests and sends the
 * CSRF token on every change, as the web client does (the token is bound to the session, so a
 * new one arrives with each sign-in step).
 */
export class Agent {
  readonly app: App;
  readonly cookies = new Map<string, string>();
  csrfToken: string | null = null;
  ip: string;
  /** Sent with every request (e.g. `x-forwarded-proto: https` to come through a TLS proxy). */
  readonly headers: Record<string, string>;
  /** False for a caller that never fetches or sends a CSRF token (a guest with a link). */
  readonly sendsCsrf: boolean;

  constructor(
    app: App,
    ip = '192.0.2.10',
    options: { headers?: Record<string, string>; sendsCsrf?: boolean } = {},
  ) {
    this.app = app;
    this.ip = ip;
    this.headers = options.headers ?? {};
    this.sendsCsrf = options.sendsCsrf ?? true;
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  #store(response: LightMyRequestResponse): void {
    for (const c of response.cookies as { name: string; value: string; expires?: Date; maxAge?: number }[]) {
      // Only a cleared cookie (1970, max-age 0, empty) counts as gone: tests move a manual clock,
      // so a cookie's expiry can lie in the real past while the session is valid by the test's time.
      const expired =
        (c.expires && c.expires.getTime() < Date.UTC(2000, 0, 1)) || c.maxAge === 0 || c.value === '';
      if (expired) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    // A sign-in step (or sign-out) hands the token bound to the new session, as the web client takes it.
    const fresh = response.headers['x-csrf-token'];
    if (typeof fresh === 'string') this.csrfToken = fresh;
  }

  async fetchCsrf(): Promise<string> {
    const r = await this.request('GET', '/api/auth/csrf');
    this.csrfToken = r.json<{ token: string }>().token;
    return this.csrfToken;
  }

  async request(
    method: Method,
    url: string,
    body?: unknown,
    extra: Partial<InjectOptions> = {},
  ): Promise<LightMyRequestResponse> {
    const sendsCsrf = method !== 'GET' && this.sendsCsrf;
    if (sendsCsrf && this.csrfToken === null && !extra.headers?.['x-csrf-token']) await this.fetchCsrf();
    const headers: Record<string, string> = {
      ...this.headers,
      cookie: this.cookieHeader(),
      ...(extra.headers as Record<string, string> | undefined),
    };
    if (sendsCsrf && this.csrfToken && headers['x-csrf-token'] === undefined)
      headers['x-csrf-token'] = this.csrfToken;
    const response = await this.app.inject({
      method,
      url,
      remoteAddress: this.ip,
      ...(body === undefined
        ? { headers, ...(extra.payload !== undefined ? { payload: extra.payload } : {}) }
        : typeof body === 'string'
          ? { payload: body, headers: { 'content-type': 'application/json', ...headers } }
          : { payload: body as object, headers }),
    });
    this.#store(response);
    return response;
  }

  get(url: string) {
    return this.request('GET', url);
  }
  post(url: string, body?: unknown) {
    return this.request('POST', url, body ?? {});
  }
  put(url: string, body?: unknown) {
    return this.request('PUT', url, body ?? {});
  }
  patch(url: string, body?: unknown) {
    return this.request('PATCH', url, body ?? {});
  }
  delete(url: string) {
    return this.request('DELETE', url);
  }
}
