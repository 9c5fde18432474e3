import type { APIRequestContext, Page } from 'playwright-core';
import { tokyoDate } from '@tsunagu/contract/tokyo-time';
import { baseUrl } from './browser.ts';

/** JSON over the signed-in context's cookies, with the CSRF token on writes. */
export async function apiOf(page: Page) {
  const request: APIRequestContext = page.context().request;
  const { token } = (await (await request.get(`${baseUrl()}/api/auth/csrf`)).json()) as { token: string };
  const call = async (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown) => {
    const response = await request.fetch(`${baseUrl()}${path}`, {
      method,
      headers: {
        'x-csrf-token': token,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { data: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok()) throw new Error(`${method} ${path}: ${response.status()} ${text}`);
    return text ? JSON.parse(text) : null;
  };
  return {
    get: (path: string) => call('GET', path),
    post: (path: string, body: unknown) => call('POST', path, body),
    put: (path: string, body: unknown) => call('PUT', path, body),
    patch: (path: string, body: unknown) => call('PATCH', path, body),
    delete: (path: string) => call('DELETE', path),
  };
}

/** The demo's person of the night journeys, and the organisations of her team and region. */
export const PERSON = '佐藤 みらい';
export const ORG = {
  soudan: '相談支援事業所ひだまり',
  clinic: 'こころのクリニック架空',
  houkan: '訪問看護ステーションあおば',
  hokenjo: '架空県架空保健所',
  kyoten: '架空市地域生活支援拠点つなぎ',
  shiyakusho: '架空市障害福祉課',
  kikan: '架空市基幹相談支援センター',
} as const;

type Api = Awaited<ReturnType<typeof apiOf>>;

/** The id of a demo organisation by its name, from one list read by an administrator. */
export async function organisationIds(api: Api): Promise<(name: string) => string> {
  const organisations = (await api.get('/api/organisations?limit=500')).organisations as {
    id: string;
    name: string;
  }[];
  return (name) => {
    const found = organisations.find((o) => o.name === name);
    if (!found) throw new Error(`no organisation named ${name}`);
    return found.id;
  };
}

/** Closes organisations for today (a closure day, as a night); each closure's removal goes to `undo`. */
export async function closeToday(
  api: Api,
  organisationIds: readonly string[],
  reason: string,
  undo: (() => Promise<unknown>)[],
): Promise<void> {
  const today = tokyoDate(new Date());
  for (const id of organisationIds) {
    const closure = await api.post(`/api/organisations/${id}/calendar/closures`, {
      startsOn: today,
      endsOn: today,
      reason,
    });
    undo.push(() => api.delete(`/api/organisations/${id}/calendar/closures/${closure.id}`));
  }
}
