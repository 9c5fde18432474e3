import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { tokyoDate } from '@tsunagu/contract/tokyo-time';
import { HttpReceiver } from '../server/test/http-receiver.ts';
import { browserPushKeys, decryptPushText } from '../server/test/push-keys.ts';
import {
  baseUrl,
  launchBrowser,
  launchProfile,
  screenshot,
  seriousViolations,
  signInDemo,
  signInThroughScreens,
  type SignedInPage,
} from './browser.ts';
import { DEMO_EMERGENCY_LINE } from '../server/src/demo/demo-chain.ts';
import { demoStaff } from '../server/src/demo/demo-data.ts';
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

let browser: Browser;
let admin: SignedInPage;
const undo: (() => Promise<unknown>)[] = [];
const cleanUp: (() => Promise<unknown>)[] = [];
let pushService: HttpReceiver;

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

/**
 * A page script giving this browser's PushManager the subscription a push service would have
 * given: `endpoint` and the public half of `keys` (a string, as the DOM's types are not ours here).
 */
function thisDevicesSubscription(endpoint: string, keys: { p256dh: string; auth: string }): string {
  const json = JSON.stringify({
    endpoint,
    expirationTime: null,
    keys: { p256dh: keys.p256dh, auth: keys.auth },
  });
  return `(() => {
    if (!('PushManager' in self)) return;
    const json = ${json};
    let subscribed = true;
    const subscription = {
      endpoint: json.endpoint,
      expirationTime: null,
      toJSON: () => json,
      unsubscribe: async () => { subscribed = false; return true; },
    };
    PushManager.prototype.getSubscription = async () => (subscribed ? subscription : null);
    PushManager.prototype.subscribe = async () => { subscribed = true; return subscription; };
  })();`;
}

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

  admin = await signInDemo(browser, 'admin');
  const api = await apiOf(admin.page);
  const idOf = await organisationIds(api);

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
    // This machine has no network, so Chromium cannot reach its own push service to subscribe: the
    // page is handed the subscription that service would give — an endpoint at the local push
    // service and keys this test holds (thisDevicesSubscription). Everything after is real: the
    // registration, the server's encryption, the delivery, the service worker and its notification.
    const keys = browserPushKeys();
    const endpoint = `${pushService.url}/push/${Date.now().toString(36)}`;
    await profile.context.addInitScript(thisDevicesSubscription(endpoint, keys));
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
    const leadApi = await apiOf(page);
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
      callbackPhone: '099-000-3101',
    });
    await pushService.waitFor(received + 1, 20_000);
    const delivery = pushService.received.slice(received).find((r) => r.path === new URL(endpoint).pathname)!;
    expect(delivery.headers['content-encoding']).toBe('aes128gcm');

    // Decrypted with the keys registered: exactly that is what the browser's push service would hand over.
    const data = decryptPushText(delivery.body, keys);
    const payload = JSON.parse(data) as { title: string; body: string; url: string };
    expect(payload.url).toMatch(/^\/urgent\/[0-9a-f-]{36}$/);
    // The case is withdrawn once this file ends: left waiting, it would be the first (and a second)
    // case the night journeys of other files find (ci3 of issue 13 failed on exactly that).
    undo.push(async () => {
      await ghApi.post(`${payload.url.replace('/urgent/', '/api/urgent-cases/')}/cancel`, {
        reason: 'E2E 確認の後片付け',
      });
      await gh.page.context().close();
    });
    expect(data).not.toContain('佐藤');
    await cdp.send('ServiceWorker.deliverPushMessage', { origin: baseUrl(), registrationId, data });

    const shown = () => shownNotifications(page);
    await expect
      .poll(shown, { timeout: 10_000 })
      .toEqual([{ title: payload.title, body: payload.body, url: payload.url }]);
    expect(payload.title).toBe('【緊急】つなぐ');

    // Its URL opened: the case — what happened and whom to call back, dialable from the phone —
    // with the crisis information her consent lets her office see.
    await page.goto(`${baseUrl()}${(await shown())[0]!.url}`);
    await page.getByRole('heading', { name: '緊急連絡', level: 1 }).waitFor();
    const words = page.getByRole('region', { name: '連絡した人と折り返し先' });
    await words.getByText('夜になって強い不安を訴えています。', { exact: false }).waitFor();
    const callBack = words.getByRole('link', { name: /099-000-3101/ });
    expect(await callBack.getAttribute('href')).toBe('tel:0990003101');
    await page.getByRole('button', { name: '対応します' }).waitFor();
    await page
      .getByRole('region', { name: 'ご本人とクライシスの情報' })
      .getByRole('link', { name: PERSON })
      .waitFor();
    await screenshot(page, 'app-push-case-phone');

    // 通知の設定 → この端末: permission given, this device receiving; the test push arrives and
    // the service worker shows it; an endpoint the push service has dropped is said, and forgotten.
    await page.goto(`${baseUrl()}/notifications/settings`);
    const device = page.getByRole('region', { name: 'この端末' });
    await device.getByText('このブラウザは、つなぐの通知を許可しています。').waitFor();
    await device.getByText('この端末で通知を受け取っています。').waitFor();
    await page.locator('.loading').first().waitFor({ state: 'detached' });
    expect(await seriousViolations(page)).toEqual([]);
    const beforeTest = pushService.received.length;
    await device.getByRole('button', { name: 'テスト通知を送る' }).click();
    await device.getByText('テスト通知を送りました。', { exact: false }).waitFor();
    await pushService.waitFor(beforeTest + 1, 10_000);
    const testDelivery = pushService.received[beforeTest]!;
    expect(testDelivery.path).toBe(new URL(endpoint).pathname);
    const testData = decryptPushText(testDelivery.body, keys);
    expect(JSON.parse(testData)).toMatchObject({ title: 'つなぐ（テスト）', url: '/notifications/settings' });
    await cdp.send('ServiceWorker.deliverPushMessage', { origin: baseUrl(), registrationId, data: testData });
    await expect
      .poll(async () => (await shown()).map((n) => n.title), { timeout: 10_000 })
      .toContain('つなぐ（テスト）');
    await screenshot(page, 'app-device-test-push-phone');
    pushService.failNext(1, 410);
    await device.getByRole('button', { name: 'テスト通知を送る' }).click();
    await device.getByText('この端末の通知の登録は使えなくなっていました。', { exact: false }).waitFor();
    await device.getByText('テスト通知は、この端末で通知を受け取るようにしてから送れます。').waitFor();
    // The server forgot the dropped endpoint: the test push has nowhere to go now.
    expect(
      (await leadApi.post('/api/push/test', { endpoint }).catch((e: Error) => e.message)) as string,
    ).toContain('404');

    // Offline, the installed shell still opens: it says so and shows the chain's numbers kept here.
    await expect
      .poll(() => page.evaluate<string | null>("localStorage.getItem('tsunagu.offline-phone-numbers')"))
      .toContain(DEMO_EMERGENCY_LINE);
    await page.context().setOffline(true);
    await page.goto(`${baseUrl()}/on-call`);
    const offline = page.getByRole('status').filter({ hasText: 'オフラインです' });
    await offline.waitFor();
    const dial = offline.getByRole('link', { name: DEMO_EMERGENCY_LINE });
    expect(await dial.getAttribute('href')).toBe('tel:0990009119');
    await offline.getByText('基幹相談支援センター（架空市基幹相談支援センター）').waitFor();
    await screenshot(page, 'app-offline-phone');
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 900 });
    await screenshot(page, 'app-offline-desktop');
    await page.setViewportSize(PHONE);
    // Back online, it carries on by itself to the page asked for.
    await page.context().setOffline(false);
    await page.getByRole('heading', { name: '今の当番', level: 1 }).waitFor();

    // Browsing on and offline added nothing to the cache.
    expect(await storedPaths(page)).toEqual(stored);
    expect(problems).toEqual([]);
  }, 240_000);

  it('the settings page checks this device; the on-call screen warns a coordinator whose device gets no push before the shift, and the home page while on duty', async () => {
    // The demo rota keeps 架空町 covered around the clock by the 拠点's three coordinators in turn:
    // one is on duty now (主), one is the backup, and the third's shift comes later.
    const adminApi = await apiOf(admin.page);
    const regions = (await adminApi.get('/api/regions')).regions as { id: string; name: string }[];
    const town = regions.find((r) => r.name === '架空町')!.id;
    const current = (await adminApi.get(`/api/on-call/now?regionId=${town}`)).regions[0].current as {
      primary: { displayName: string };
      backup: { displayName: string } | null;
    };
    const onDuty = [current.primary.displayName, current.backup?.displayName];
    const localOf = (name: string) => demoStaff.find((s) => s.displayName === name)!.local;
    const later = demoStaff.find((s) => s.local.startsWith('kyoten') && !onDuty.includes(s.displayName))!;

    // On duty now: the home page says so beside 当番中です, and so does the on-call screen.
    const nowOn = await signInDemo(browser, localOf(current.primary.displayName), { viewport: PHONE });
    const home = nowOn.page.getByRole('main');
    await home.getByRole('heading', { name: '当番中です' }).waitFor();
    const homeWarning = home.getByRole('status').filter({ hasText: 'この端末には当番中の通知が届きません' });
    await homeWarning.getByText(/いま当番中です（.* まで）。/).waitFor();
    await homeWarning.getByText('いますぐ確かめてください', { exact: false }).waitFor();
    expect(await seriousViolations(nowOn.page)).toEqual([]);
    await screenshot(nowOn.page, 'app-home-duty-warning-phone');
    await nowOn.page.goto(`${baseUrl()}/on-call`);
    await nowOn.page.getByRole('heading', { name: '今の当番', level: 1 }).waitFor();
    await nowOn.page
      .getByRole('status')
      .filter({ hasText: 'この端末には当番中の通知が届きません' })
      .getByText(/いま当番中です/)
      .waitFor();
    expect(nowOn.problems).toEqual([]);
    await nowOn.page.context().close();

    // Not on duty yet: nothing on the home page; the on-call screen warns before the shift starts.
    const coordinator = await signInDemo(browser, later.local, { viewport: PHONE });
    const { page } = coordinator;
    await page.getByRole('heading', { name: 'ホーム', level: 1 }).waitFor();
    expect(await page.getByText('この端末には当番中の通知が届きません').count()).toBe(0);
    await page.goto(`${baseUrl()}/on-call`);
    await page.getByRole('heading', { name: '今の当番', level: 1 }).waitFor();
    await page.locator('.loading').first().waitFor({ state: 'detached' });
    const warning = page.getByRole('status').filter({ hasText: 'この端末には当番中の通知が届きません' });
    await warning.waitFor();
    await warning.getByText(/次の当番は .* からです。/).waitFor();
    await warning.getByText('当番が始まる前に', { exact: false }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'app-on-call-warning-phone');
    await page.setViewportSize({ width: 1280, height: 900 });
    await screenshot(page, 'app-on-call-warning-desktop');
    await page.setViewportSize(PHONE);

    await warning.getByRole('link', { name: '通知の設定を確かめる' }).click();
    await page.getByRole('heading', { name: '通知の設定', level: 1 }).waitFor();
    const device = page.getByRole('region', { name: 'この端末' });
    await device.getByText('いまはブラウザで開いています。').waitFor();
    await device.getByText('まだ通知の許可を求めていません。', { exact: false }).waitFor();
    await device.getByText('この端末では通知を受け取っていません。').waitFor();
    await device.getByText('テスト通知は、この端末で通知を受け取るようにしてから送れます。').waitFor();
    await device.getByRole('link', { name: DEMO_EMERGENCY_LINE }).waitFor();
    await page.locator('.loading').first().waitFor({ state: 'detached' });
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'app-device-settings-phone');
    await page.setViewportSize({ width: 1280, height: 900 });
    await screenshot(page, 'app-device-settings-desktop');
    expect(coordinator.problems).toEqual([]);
    await page.context().close();
  }, 120_000);
});
