import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { apiOf, closeToday, ORG, organisationIds, PERSON } from './api.ts';
import {
  baseUrl,
  launchBrowser,
  screenshot,
  seriousViolations,
  signInDemo,
  type SignedInPage,
} from './browser.ts';

/**
 * The night, on phones (issue 16): the group home's night staff posts 緊急 about 佐藤 みらい under
 * 生活, which the 拠点 has no consent for — the composer says so, and she shares it under the
 * emergency exception; the 拠点's coordinator on duty (not the team's named member) sees the banner
 * on every page and the count on 至急・緊急, opens the case, reads the words, dials the call-back
 * number, sees the DV warning and the crisis plan, and takes the case.
 *
 * The journey's two accounts are its own (sewanin, yakin): no other journey signs them in, so the
 * banner counts this journey's case only. The e2e server runs on the real clock, so the night is
 * made where it matters: the other offices of her team are closed today, and yakin is put on duty
 * at the 拠点 now (on the live shift if there is one, else on a short shift of her own). All is
 * undone after.
 */

let browser: Browser;
const undo: (() => Promise<unknown>)[] = [];
const PHONE = { width: 360, height: 740 };
const GROUP_HOME_PHONE = '099-000-1101';

/** The page at 360 px (as the journey runs) and at desktop width. */
async function bothSizes(page: Page, name: string): Promise<void> {
  await screenshot(page, `${name}-phone`);
  await page.setViewportSize({ width: 1280, height: 900 });
  await screenshot(page, `${name}-desktop`);
  await page.setViewportSize(PHONE);
}

let coordinator: SignedInPage;
let nightStaff: SignedInPage;

beforeAll(async () => {
  browser = await launchBrowser();
  const admin = await signInDemo(browser, 'admin');
  const api = await apiOf(admin.page);
  coordinator = await signInDemo(browser, 'yakin', { viewport: PHONE });
  const yakin = (await (await apiOf(coordinator.page)).get('/api/auth/session')).user.id as string;
  const idOf = await organisationIds(api);
  const now = new Date();
  // The night: the rest of her team is closed (the 拠点 is open around the clock).
  await closeToday(
    api,
    [ORG.soudan, ORG.clinic, ORG.houkan, ORG.hokenjo].map(idOf),
    'E2E 夜間の当番の確認',
    undo,
  );

  // yakin on duty at the 拠点 now: on its live shift, or on one of her own.
  const inAMinute = new Date(now.getTime() + 60_000);
  const live = (
    (
      await api.get(
        `/api/on-call/shifts?organisationId=${idOf(ORG.kyoten)}&from=${encodeURIComponent(now.toISOString())}&to=${encodeURIComponent(inAMinute.toISOString())}`,
      )
    ).shifts as { id: string; startsAt: string; endsAt: string; primary: { userId: string } }[]
  ).filter((s) => Date.parse(s.startsAt) <= now.getTime() && Date.parse(s.endsAt) > inAMinute.getTime());
  if (live.length) {
    for (const shift of live) {
      await api.patch(`/api/on-call/shifts/${shift.id}`, { primaryUserId: yakin });
      undo.push(() => api.patch(`/api/on-call/shifts/${shift.id}`, { primaryUserId: shift.primary.userId }));
    }
  } else {
    const regions = (await api.get('/api/regions')).regions as { id: string; name: string }[];
    const created = await api.post('/api/on-call/shifts', {
      organisationId: idOf(ORG.kyoten),
      startsAt: new Date(now.getTime() - 60_000).toISOString(),
      endsAt: new Date(now.getTime() + 60 * 60_000).toISOString(),
      primaryUserId: yakin,
      regionIds: [regions.find((r) => r.name === '中央地区')!.id],
      contactPhone: '090-0000-2101',
    });
    undo.push(() => api.delete(`/api/on-call/shifts/${created.shifts[0].id}`));
  }
  // The undo steps use the administrator's context: it stays open until they have run.
  undo.unshift(() => admin.page.context().close());
}, 180_000);

afterAll(async () => {
  // Every step is tried; one that fails is said, since the journeys after this one share the demo.
  const failed: unknown[] = [];
  for (const step of undo.reverse()) await step().catch((error: unknown) => failed.push(error));
  await browser?.close();
  if (failed.length) throw new AggregateError(failed, 'night-duty: the demo could not be put back');
});

describe('the night on phones: a 緊急 reaches the coordinator on duty, who reads it, calls back and takes it', () => {
  const stamp = Date.now().toString(36);
  const words = `E2E ${stamp} 至急電話ください。夜中に大きな物音がして、声をかけても返事がありません。`;

  it('the group home’s night staff sees who will receive it and that they cannot read 生活, and shares it under the emergency exception', async () => {
    nightStaff = await signInDemo(browser, 'sewanin', { viewport: PHONE });
    const page = nightStaff.page;
    await page.goto(`${baseUrl()}/?q=${encodeURIComponent('さとう')}`);
    await page.getByRole('table').getByRole('link', { name: PERSON }).click();
    await page.getByRole('heading', { name: PERSON, level: 1 }).waitFor();
    await page
      .getByRole('navigation', { name: 'この方について' })
      .getByRole('link', { name: /チームの連絡/ })
      .click();
    // On a phone the composer opens from its button.
    await page.getByRole('button', { name: '連絡を書く' }).click();
    const composer = page.locator('#message-composer');
    await composer.getByLabel('区分', { exact: true }).selectOption({ label: '生活' });
    await composer.getByRole('radio', { name: '緊急' }).check();
    await composer.getByLabel('本文').fill(words);

    // Before sending: the 拠点's coordinator on duty, who cannot read 生活; the call-back number prefilled.
    const receivers = composer.getByRole('region', { name: 'この連絡が届く先（今の時点）' });
    await receivers.getByText(`${ORG.kyoten}（宵町 ともえ）`).waitFor();
    await receivers.getByText('「生活」は同意の範囲外のため、内容を読めません').waitFor();
    expect(await receivers.getByText('拠木 つとむ').count()).toBe(0);
    expect(await composer.getByLabel('折り返しの電話番号').inputValue()).toBe(GROUP_HOME_PHONE);

    // The exception asks for both conditions and a reason before it sends.
    await composer.getByLabel('緊急時の例外として内容も伝える').check();
    await composer.getByLabel('本人の生命・身体の保護のために必要です').check();
    await composer.getByRole('button', { name: '送信する（緊急）' }).click();
    await page
      .getByRole('alert')
      .getByText(/同意を得ることが困難/)
      .first()
      .waitFor();
    await composer.getByLabel('本人の同意を得ることが困難です').check();
    await composer
      .getByLabel('例外として伝える理由')
      .fill('物音の後に応答がなく、本人の生命に関わるおそれがある。');
    expect(await seriousViolations(page)).toEqual([]);
    // Phone only here: the phone and desktop layouts are different components, a resize would lose the draft.
    await screenshot(page, 'night-duty-composer-phone');
    await composer.getByRole('button', { name: '送信する（緊急）' }).click();
    await composer.getByText('送信しました。').waitFor();

    // The same part of the composer on a desktop, before anything is typed.
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.reload();
    await composer.getByLabel('区分', { exact: true }).selectOption({ label: '生活' });
    await composer.getByRole('radio', { name: '緊急' }).check();
    await receivers.getByText('「生活」は同意の範囲外のため、内容を読めません').waitFor();
    await composer.getByLabel('緊急時の例外として内容も伝える').check();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'night-duty-composer-desktop');
    expect(nightStaff.problems.filter((p) => !/400|Bad Request/.test(p))).toEqual([]);
  }, 180_000);

  it('the coordinator on duty sees the banner, the count and her duty; opens the case, reads it, dials, sees the DV warning and the crisis plan, and takes it', async () => {
    const page = coordinator.page;
    await page.goto(`${baseUrl()}/`);
    await page.getByRole('heading', { name: 'ホーム', level: 1 }).waitFor();

    // The "now" signal on every page, with the minutes left before the backup is asked.
    const banner = page.getByRole('region', { name: '対応待ちの至急・緊急の連絡' });
    await banner
      // The next step is the region's on-call or the backup, depending on the hour.
      .getByText(/緊急・対応待ち 1件（(あと\d+分で|まもなく)当番（(主|副)）へ）/)
      .waitFor({ timeout: 20_000 });
    const duty = page.getByRole('region', { name: '当番中です' });
    await duty.getByText(/当番（主）/).waitFor();
    expect(await duty.locator('a[href^="tel:"]').count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'メニュー' }).click();
    await page
      .getByRole('navigation', { name: 'メインメニュー' })
      .getByRole('link', { name: /至急・緊急の連絡.*対応待ち 1 件|対応待ち 1 件/ })
      .waitFor();
    await page.getByRole('button', { name: '閉じる' }).click();
    expect(await seriousViolations(page)).toEqual([]);
    await bothSizes(page, 'night-duty-home');

    await banner.getByRole('link', { name: '対応待ちの連絡を見る' }).click();
    await page.getByRole('heading', { name: '緊急連絡', level: 1 }).waitFor();

    // What happened, under the exception, and whom to call back — dialable.
    const words$ = page.getByRole('region', { name: '連絡した人と折り返し先' });
    await words$.getByText(words).waitFor();
    await words$.getByText(/緊急時の例外により、対応者として表示しています/).waitFor();
    const callBack = words$.getByRole('link', { name: /世話 みちるに電話/ });
    // The link the phone dials (a headless browser has no dialler to hand it to).
    expect(await callBack.getAttribute('href')).toBe('tel:0990001101');

    // The DV warning with the name her consent lets her see; the crisis plan one tap away.
    const dv = page.getByRole('region', { name: '一切伝えてはいけない人がいます' });
    await dv.getByText(/（元夫）（配偶者）/).waitFor();
    const crisis = page.getByRole('region', { name: 'ご本人とクライシスの情報' });
    await crisis.getByRole('link', { name: PERSON }).waitFor();
    const chain = page.getByRole('region', { name: '連絡の経過' });
    await chain.getByText(/宵町 ともえ に連絡しました/).waitFor();
    expect(await chain.getByText('拠木 つとむ').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await bothSizes(page, 'night-duty-case');

    await crisis.getByRole('link', { name: 'クライシスプランを開く' }).click();
    await page.getByRole('heading', { name: 'クライシスプラン', level: 1 }).waitFor();
    await page.getByRole('region', { name: '一切伝えてはいけない人がいます' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await bothSizes(page, 'night-duty-crisis-plan');
    await page.goBack();
    await page.getByRole('heading', { name: '緊急連絡', level: 1 }).waitFor();

    await page.getByRole('button', { name: '対応します' }).click();
    await page.getByText('対応者がいます').waitFor();
    await expect.poll(() => banner.count()).toBe(0);
    await bothSizes(page, 'night-duty-case-taken');
    expect(coordinator.problems).toEqual([]);
  }, 180_000);
});
