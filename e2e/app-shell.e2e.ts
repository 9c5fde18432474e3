import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { tokyoDate } from '@tsunagu/contract/tokyo-time';
import { HttpReceiver } from '../server/test/http-receiver.ts';
import { browserPushKeys, decryptPushText } from '../server/test/push-keys.ts';
import {
  axeViolations,
  baseUrl,
  launchBrowser,
  launchProfile,
  screenshot,
  signInDemo,
  signInThroughScreens,
  type SignedInPage,
} from './browser.ts';
import { apiOf, ORG, organisationIds, PERSON } from './api.ts';

/**
 * The phone as an app, at phone size in Chromium: installable (the DevTools protocol finds no
 * installability error), the app shell kept by the service worker and nothing from the API,
 * a night's push carried end to end — registered through the API with an endpoint at a local
 * push service, encrypted by the server's real web-push, decrypted here with the keys registered
 * and handed to the service worker as the browser's push service would — the notification it
 * shows opened on the case; offline, the app says so with the chain's phone numbers; the settings
 * page checks this device; the on-call screen warns a coordinator whose device gets no push.
 */

const PHONE = { width: 360, height: 780 };
const EMERGENCY_NUMBER = '099-000-9119';

let browser: Browser;
let admin: SignedInPage;
const undo: (() => Promise<unknown>)[] = [];
const cleanUp: (() => Promise<unknown>)[] = [];
let pushService: HttpReceiver;

/** Axe's serious and critical findings (the ones that stop someone using the page). */
async function seriousViolations(page: Page) {
  return (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** The paths the service worker's one shell cache holds (in the page: the DOM types are not ours here). */
const storedPaths = (page: Page) =>
  page.evaluate<string[]>(`(async () => {
    const names = await caches.keys();
    if (names.length !== 1) return ['caches: ' + names.join(',')];
    const cache = await caches.open(names[0]);
    return (await cache.keys()).map((r) => new URL(r.url).pathname);
  })()`);

/** The notifications the service worker shows now, as the page sees them. */
const shownNotifications = (page: Page) =>
  page.evaluate<{ title: string; body: string; url: string | null }[]>(`(async () => {
    const registration = await navigator.serviceWorker.ready;
    return (await registration.getNotifications()).map((n) => ({
      title: n.title,
      body: n.body,
      url: (n.data && n.data.url) || null,
    }));
  })()`);

/** The service worker's registration id as DevTools knows it, once the worker is running. */
async function workerRegistrationId(page: Page, cdp: CDPSession): Promise<string> {
  const registrations = new Map<string, string>();
  cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations: list }) => {
    for (const r of list) if (!r.isDeleted) registrations.set(r.scopeURL, r.registrationId);
  });
  await cdp.send('ServiceWorker.enable');
  await page.evaluate('navigator.serviceWorker.ready.then(() => undefined)');
  await expect.poll(() => registrations.get(`${baseUrl()}/`), { timeout: 10_000 }).toBeTruthy();
  return registrations.get(`${baseUrl()}/`)!;
}

beforeAll(async () => {
  browser = await launchBrowser();
  const tls = inject('e2eTls');
  pushService = new HttpReceiver();
  await pushService.start({
    https: true,
    certificate: { key: readFileSync(tls.keyFile, 'utf8'), cert: readFileSync(tls.certFile, 'utf8') },
  });

  // The demo has no escalation chain: a default one for this journey (and the old one back after).
  admin = await signInDemo(browser, 'admin');
  const api = await apiOf(admin.page);
  const idOf = await organisationIds(api);
  const before = await api.get('/api/escalation-chain');
  await api.put('/api/escalation-chain', {
    ...before,
    tiers: [
      { organisationId: idOf(ORG.kikan), label: '基幹相談支援センター' },
      { phone: EMERGENCY_NUMBER, label: '精神科救急医療情報センター（架空）' },
    ],
  });
  undo.push(() => api.put('/api/escalation-chain', before));

  // The team lead's office is open all day today, so a 緊急 about her person reaches her first.
  const today = tokyoDate(new Date());
  await api.put(`/api/organisations/${idOf(ORG.soudan)}/calendar/special-days/${today}`, {
    hours: [{ opensAt: '00:00', closesAt: '24:00' }],
    reason: 'E2E この端末への通知の確認',
  });
  undo.push(() => api.delete(`/api/organisations/${idOf(ORG.soudan)}/calendar/special-days/${today}`));
}, 180_000);

afterAll(async () => {
  for (const step of cleanUp) await step().catch(() => undefined);
  for (const step of undo.reverse()) await step().catch(() => undefined);
  await pushService?.stop();
  await browser?.close();
});

describe('the phone as an app', () => {
  it('installs, keeps only the app shell, carries a night’s push to a notification that opens the case, and works offline', async () => {
    // A profile of its own: Chromium installs no app from an incognito context.
    const profile = await launchProfile(PHONE);
    cleanUp.push(async () => {
      await profile.context.close();
      profile.remove();
    });
    const page = await profile.context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e: Error) => problems.push(e.message));
    await profile.context.grantPermissions(['notifications'], { origin: baseUrl() });
    await page.goto(`${baseUrl()}/`);
    await signInThroughScreens(page, 'soudan');
    await page.getByRole('heading', { name: 'ホーム', level: 1 }).waitFor();
    const cdp = await profile.context.newCDPSession(page);
    const registrationId = await workerRegistrationId(page, cdp);

    // Installable: a manifest with icons, a service worker in control, served from a secure origin.
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);
    const manifest = await (await page.context().request.get(`${baseUrl()}/manifest.webmanifest`)).json();
    expect(manifest).toMatchObject({
      short_name: 'つなぐ',
      lang: 'ja',
      display: 'standalone',
      theme_color: '#0017c1',
    });
    expect(manifest.icons.map((i: { sizes: string; purpose: string }) => `${i.sizes} ${i.purpose}`)).toEqual([
      '192x192 any',
      '512x512 any',
      '192x192 maskable',
      '512x512 maskable',
    ]);

    // The shell is stored (one cache for this build), and nothing the API answered is.
    await expect.poll(() => storedPaths(page), { timeout: 15_000 }).toContain('/index.html');
    const stored = await storedPaths(page);
    expect(stored).toContain('/manifest.webmanifest');
    expect(stored).toContain('/icons/icon-512.png');
    expect(stored.filter((p) => /^\/api(\/|$)/i.test(p))).toEqual([]);

    // A subscription registered through the API, its endpoint at the local push service.
    const keys = browserPushKeys();
    const leadApi = await apiOf(page);
    const endpoint = `${pushService.url}/push/${Date.now().toString(36)}`;
    await leadApi.post('/api/push/subscriptions', {
      endpoint,
      keys: { p256dh: keys.p256dh, auth: keys.auth },
    });

    // The group home posts 緊急 about 佐藤 みらい; her team lead's office is open: it reaches her.
    const gh = await signInDemo(browser, 'gh');
    const ghApi = await apiOf(gh.page);
    const found = (await ghApi.get(`/api/persons?q=${encodeURIComponent('佐藤')}`)).persons as {
      id: string;
      name: string;
    }[];
    const personId = found.find((p) => p.name === PERSON)!.id;
    const received = pushService.received.length;
    await ghApi.post(`/api/persons/${personId}/messages`, {
      category: 'daily_living',
      priority: 'emergency',
      body: `E2E ${Date.now().toString(36)} 夜になって強い不安を訴えています。`,
    });
    await gh.page.context().close();
    await pushService.waitFor(received + 1, 20_000);
    const delivery = pushService.received.slice(received).find((r) => r.path === new URL(endpoint).pathname)!;
    expect(delivery.headers['content-encoding']).toBe('aes128gcm');

    // Decrypted with the keys registered: exactly that is what the browser's push service would hand over.
    const data = decryptPushText(delivery.body, keys);
    const payload = JSON.parse(data) as { title: string; body: string; url: string };
    expect(payload.url).toMatch(/^\/urgent\/[0-9a-f-]{36}$/);
    expect(data).not.toContain('佐藤');
    await cdp.send('ServiceWorker.deliverPushMessage', { origin: baseUrl(), registrationId, data });

    const shown = () => shownNotifications(page);
    await expect
      .poll(shown, { timeout: 10_000 })
      .toEqual([{ title: payload.title, body: payload.body, url: payload.url }]);
    expect(payload.title).toBe('【緊急】つなぐ');

    // Its URL opened: the case, with the crisis information her consent lets her office see.
    await page.goto(`${baseUrl()}${(await shown())[0]!.url}`);
    await page.getByRole('heading', { name: '緊急連絡', level: 1 }).waitFor();
    await page
      .getByRole('region', { name: 'ご本人とクライシスの情報' })
      .getByRole('link', { name: PERSON })
      .waitFor();
    await screenshot(page, 'app-push-case-phone');

    // Offline, the installed shell still opens: it says so and shows the chain's numbers kept here.
    await expect
      .poll(() => page.evaluate<string | null>("localStorage.getItem('tsunagu.offline-phone-numbers')"))
      .toContain(EMERGENCY_NUMBER);
    await page.context().setOffline(true);
    await page.goto(`${baseUrl()}/on-call`);
    const offline = page.getByRole('status').filter({ hasText: 'オフラインです' });
    await offline.waitFor();
    const dial = offline.getByRole('link', { name: EMERGENCY_NUMBER });
    expect(await dial.getAttribute('href')).toBe('tel:0990009119');
    await offline.getByText('基幹相談支援センター（架空市基幹相談支援センター）').waitFor();
    await screenshot(page, 'app-offline-phone');
    expect(await seriousViolations(page)).toEqual([]);
    // Back online, it carries on by itself to the page asked for.
    await page.context().setOffline(false);
    await page.getByRole('heading', { name: '今の当番', level: 1 }).waitFor();

    // Browsing on and offline added nothing to the cache.
    expect(await storedPaths(page)).toEqual(stored);
    expect(problems).toEqual([]);
  }, 240_000);

  it('the settings page checks this device, and the on-call screen warns a coordinator whose device gets no push', async () => {
    const coordinator = await signInDemo(browser, 'kyoten', { viewport: PHONE });
    const { page } = coordinator;
    const api = await apiOf(page);
    // A shift of the coordinator's within the week (added if the demo rota has none for them).
    const me = (await api.get('/api/auth/session')).user.id as string;
    const now = Date.now();
    const week = (await api.get(
      `/api/on-call/shifts?from=${new Date(now).toISOString()}&to=${new Date(now + 7 * 86_400_000).toISOString()}`,
    )) as {
      shifts: {
        primary: { userId: string };
        backup: { userId: string } | null;
        cancelledAt: string | null;
      }[];
    };
    const mine = week.shifts.some(
      (s) => s.cancelledAt === null && (s.primary.userId === me || s.backup?.userId === me),
    );
    expect(mine).toBe(true);

    await page.goto(`${baseUrl()}/on-call`);
    await page.getByRole('heading', { name: '今の当番', level: 1 }).waitFor();
    await page.locator('.loading').first().waitFor({ state: 'detached' });
    const warning = page.getByRole('status').filter({ hasText: 'この端末には当番中の通知が届きません' });
    await warning.waitFor();
    await warning.getByText(/次の当番は .* からです。|いま当番中です/).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'app-on-call-warning-phone');

    await warning.getByRole('link', { name: '通知の設定を確かめる' }).click();
    await page.getByRole('heading', { name: '通知の設定', level: 1 }).waitFor();
    const device = page.getByRole('region', { name: 'この端末' });
    await device.getByText('いまはブラウザで開いています。').waitFor();
    await device.getByText('まだ通知の許可を求めていません。', { exact: false }).waitFor();
    await device.getByText('この端末では通知を受け取っていません。').waitFor();
    await device.getByText('テスト通知は、この端末で通知を受け取るようにしてから送れます。').waitFor();
    await device.getByRole('link', { name: EMERGENCY_NUMBER }).waitFor();
    await page.locator('.loading').first().waitFor({ state: 'detached' });
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'app-device-settings-phone');
    await page.setViewportSize({ width: 1280, height: 900 });
    await screenshot(page, 'app-device-settings-desktop');
    expect(coordinator.problems).toEqual([]);
    await page.context().close();
  }, 120_000);
});
