import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { App } from '../src/platform/http/typed-app.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * A browser-like client over app.inject: it keeps cookies between requests and sends the
 * CSRF token on every change, as the web client does.
 */
export class Agent {
  readonly app: App;
  readonly cookies = new Map<string, string>();
  csrfToken: string | null = null;
  ip: string;

  constructor(app: App, ip = '192.0.2.10') {
    this.app = app;
    this.ip = ip;
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
    if (method !== 'GET' && this.csrfToken === null && !extra.headers?.['x-csrf-token'])
      await this.fetchCsrf();
    const headers: Record<string, string> = {
      cookie: this.cookieHeader(),
      ...(extra.headers as Record<string, string> | undefined),
    };
    if (method !== 'GET' && this.csrfToken && headers['x-csrf-token'] === undefined)
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
