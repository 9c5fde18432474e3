import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { tokyoDate, tokyoDateTime } from '@tsunagu/contract/tokyo-time';
import {
  axeViolations,
  baseUrl,
  launchBrowser,
  screenshot,
  signInDemo,
  type SignedInPage,
} from './browser.ts';
import { apiOf, closeToday, ORG, organisationIds, PERSON } from './api.ts';

/**
 * Off-hours coverage, end to end in the browser. The e2e server runs on the real clock, so the
 * night is made where it matters: every office on 佐藤 みらい's team other than the group home is
 * closed today (a closure day), so the group home's 緊急 message goes to whoever is on call for
 * her area (中央地区); if the demo rota has nobody on call at this minute, a short shift of the
 * 拠点 is added. Her team lead (相談支援事業所ひだまり) and the city office are closed from just
 * before the message is sent and open shortly after (a special day), which is when their handover
 * is gathered. All is undone after.
 */

let browser: Browser;
const undo: (() => Promise<unknown>)[] = [];

/** The 拠点's coordinators in the demo rota, by the name the rota shows. */
const COORDINATORS: Record<string, string> = {
  '拠木 つとむ': 'kyoten',
  '宿野 あかり': 'kyoten2',
  '当間 けい': 'kyoten3',
};

/** "HH:MM" in Tokyo (the time part of the Tokyo text, not of a UTC string). */
const tokyoTime = (date: Date) => tokyoDateTime(date).slice(11, 16);

let admin: SignedInPage;
let lead: SignedInPage;
let onCallLocal = 'kyoten';
let opensAt: Date;
/** Closes the lead and the city office from now until a whole minute soon after; sets opensAt. */
let closeLeadAndCityUntilSoon: () => Promise<void>;

beforeAll(async () => {
  browser = await launchBrowser();
  admin = await signInDemo(browser, 'admin');
  const api = await apiOf(admin.page);
  const idOf = await organisationIds(api);
  const now = new Date();
  const today = tokyoDate(now);
  await closeToday(
    api,
    [ORG.clinic, ORG.houkan, ORG.hokenjo, ORG.kyoten].map(idOf),
    'E2E 夜間の対応の確認',
    undo,
  );
  // Called by the first journey just before it sends its message: each event is handed over at the
  // opening known when it happens, so the opening comes after the last one (the consultation, six to
  // ten seconds after the message) at the first whole minute at least 30 s ahead.
  closeLeadAndCityUntilSoon = async () => {
    opensAt = new Date(Math.ceil((Date.now() + 30_000) / 60_000) * 60_000);
    for (const name of [ORG.soudan, ORG.shiyakusho]) {
      await api.put(`/api/organisations/${idOf(name)}/calendar/special-days/${today}`, {
        hours: [{ opensAt: tokyoTime(opensAt), closesAt: '23:59' }],
        reason: 'E2E 夜間の対応の確認',
      });
      undo.push(() => api.delete(`/api/organisations/${idOf(name)}/calendar/special-days/${today}`));
    }
  };

  const regions = (await api.get('/api/regions')).regions as { id: string; name: string }[];
  const centre = regions.find((r) => r.name === '中央地区')!.id;
  const answer = (await api.get(`/api/on-call/now?regionId=${centre}`)).regions[0];
  const current = answer.current?.primary ?? answer.current?.backup;
  if (current) {
    onCallLocal = COORDINATORS[current.displayName] ?? 'kyoten';
  } else {
    // Nobody is on call this minute (a weekday daytime): the 拠点 covers the area until its next shift.
    const next = answer.next;
    const until = Math.min(now.getTime() + 60 * 60_000, next ? Date.parse(next.startsAt) : Infinity);
    const created = await api.post('/api/on-call/shifts', {
      organisationId: idOf(ORG.kyoten),
      startsAt: new Date(now.getTime() - 60_000).toISOString(),
      endsAt: new Date(until).toISOString(),
      primaryUserId: next.primary.userId,
      backupUserId: next.backup?.userId ?? null,
      regionIds: [centre],
      contactPhone: '090-0000-2101',
    });
    onCallLocal = COORDINATORS[next.primary.displayName] ?? 'kyoten';
    undo.push(() => api.delete(`/api/on-call/shifts/${created.shifts[0].id}`));
  }
}, 180_000);

afterAll(async () => {
  for (const step of undo.reverse()) await step().catch(() => undefined);
  await browser?.close();
});

/** The unread count the header's お知らせ link shows (0 without a count). */
async function unreadOf(link: ReturnType<Page['locator']>): Promise<number> {
  const match = /未読 (\d+) 件/.exec((await link.textContent()) ?? '');
  return match ? Number(match[1]) : 0;
}

async function phoneShot(page: Page, name: string): Promise<void> {
  const size = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, `${name}-phone`);
  if (size) await page.setViewportSize(size);
  await screenshot(page, `${name}-desktop`);
}

describe('off-hours: an emergency at night reaches the on-call coordinator, is taken, logged and handed over', () => {
  const stamp = Date.now().toString(36);
  const body = `E2E ${stamp} 佐藤さんが夜になって強い不安を訴え、部屋から出てこられません。`;

  it('the group home posts 緊急; the on-call coordinator opens the case in two taps, sees the crisis information and takes it', async () => {
    lead = await signInDemo(browser, 'soudan');
    const coordinator = await signInDemo(browser, onCallLocal);
    const unreadBefore = await unreadOf(coordinator.page.locator('a.notifications-link').first());
    const gh = await signInDemo(browser, 'gh');

    await gh.page.getByRole('table').getByRole('link', { name: PERSON }).click();
    await gh.page.getByRole('heading', { name: PERSON, level: 1 }).waitFor();
    await gh.page
      .getByRole('navigation', { name: 'この方について' })
      .getByRole('link', { name: /チームの連絡/ })
      .click();
    const composer = gh.page.locator('#message-composer');
    await composer.getByLabel('本文').fill(body);
    await composer.getByRole('radio', { name: '緊急' }).check();
    await closeLeadAndCityUntilSoon();
    await composer.getByRole('button', { name: '送信する（緊急）' }).click();
    await composer.getByText('送信しました。').waitFor();

    // The coordinator's header counts the new notification without a reload; two taps to the case.
    const page = coordinator.page;
    const bell = page.locator('a.notifications-link').first();
    await expect.poll(() => unreadOf(bell), { timeout: 20_000 }).toBeGreaterThan(unreadBefore);
    await bell.click();
    await page.getByRole('link', { name: '至急・緊急の連絡を開く' }).first().click();
    await page.getByRole('heading', { name: '緊急連絡', level: 1 }).waitFor();

    const crisis = page.getByRole('region', { name: 'ご本人とクライシスの情報' });
    await crisis.getByRole('link', { name: PERSON }).waitFor();
    await crisis.getByRole('link', { name: 'クライシスプランを開く' }).waitFor();
    expect(await crisis.locator('.item').count()).toBeGreaterThan(0);
    const chain = page.getByRole('region', { name: '連絡の経過' });
    await chain
      .getByText(/当番（主）/)
      .first()
      .waitFor();
    await chain.getByText(/までに誰も対応しなければ/).waitFor();

    expect(await axeViolations(page)).toEqual([]);
    await phoneShot(page, 'off-hours-case-open');

    await page.getByRole('button', { name: 'ひとこと添える（任意）' }).click();
    await page.getByLabel('ひとこと（対応の予定など）').fill('これから電話します。');
    await page.getByRole('button', { name: '対応します' }).click();
    await page.getByText('対応者がいます').waitFor();
    await page.getByText('ひとこと: これから電話します。').waitFor();
    await phoneShot(page, 'off-hours-case-taken');

    // The group home sees who took it, on the urgent list and the case page.
    await gh.page.goto(`${baseUrl()}/urgent`);
    await gh.page
      .getByRole('link', { name: /グループホームはなみずきから/ })
      .first()
      .click();
    await gh.page.getByText('対応者がいます').waitFor();
    expect(await axeViolations(gh.page)).toEqual([]);

    expect(coordinator.problems).toEqual([]);
    expect(gh.problems).toEqual([]);
    await gh.page.context().close();

    // The coordinator records the call that followed (相談対応記録), first tripping over a field.
    await page.getByRole('link', { name: '相談対応記録' }).first().click();
    await page.getByRole('link', { name: '相談を記録する' }).click();
    await page.getByRole('heading', { name: '相談を記録する', level: 1 }).waitFor();
    await page.getByRole('button', { name: '記録する' }).click();
    await page
      .getByRole('alert')
      .getByText(/相談者/)
      .first()
      .waitFor();
    await page.getByRole('radio', { name: '家族' }).check();
    await page.getByLabel('相談者の氏名（任意）').fill('佐藤 あおい');
    await page.getByLabel('氏名・ふりがなで探す').fill('さとう');
    await page.getByRole('button', { name: '探す', exact: true }).click();
    await page.getByRole('radio', { name: PERSON }).check();
    await page.getByLabel('相談内容').fill(`E2E ${stamp} 母から、本人が眠れず不安が強いと電話。`);
    await page.getByLabel('対応内容').fill('クライシスプランに沿って本人と電話で話し、頓服を確認した。');
    await page.getByLabel('結果').fill('落ち着いて就寝。');
    await page.getByRole('radio', { name: '必要' }).check();
    await page.getByLabel('フォローする機関').selectOption({ label: ORG.soudan });
    expect(await axeViolations(page)).toEqual([]);
    await phoneShot(page, 'off-hours-consultation-form');
    await page.getByRole('button', { name: '記録する' }).click();
    await page.getByText('相談対応を記録しました。').waitFor();
    await page.getByText('落ち着いて就寝。').waitFor();
    await phoneShot(page, 'off-hours-consultation-detail');
    await page.getByRole('link', { name: '相談対応記録', exact: true }).first().click();
    await page
      .getByRole('link', { name: new RegExp(`${PERSON}について・家族・佐藤 あおいから`) })
      .first()
      .waitFor();
    await phoneShot(page, 'off-hours-consultation-list');
    expect(coordinator.problems).toEqual([]);
    await page.context().close();
  }, 180_000);

  it('at its opening the team lead finds the handover, reads it in plain sentences and confirms it', async () => {
    const page = lead.page;
    // The screens are loaded before the wait: other journeys may rebuild the shared client meanwhile.
    await page.getByRole('link', { name: '申し送り' }).first().click();
    await page.getByRole('heading', { name: '申し送り', level: 1 }).waitFor();
    // Back to the list after the opening, and after the list loaded now has gone stale (the client
    // keeps data 30 s before it fetches it again on showing it).
    const wait = Math.max(opensAt.getTime() + 3_000, Date.now() + 35_000) - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    await page.getByRole('link', { name: 'ホーム' }).first().click();
    await page.getByRole('link', { name: '申し送り' }).first().click();
    await page.getByRole('heading', { name: '申し送り', level: 1 }).waitFor();
    // This opening's handover (the demo's own night has one of its own, at an earlier opening).
    const item = page
      .getByRole('main')
      .getByRole('listitem')
      .filter({ hasText: '未確認' })
      .filter({ hasText: `${tokyoTime(opensAt)} の申し送り` });
    await item.waitFor({ timeout: 20_000 });
    await phoneShot(page, 'off-hours-handover-list');
    await item.getByRole('link', { name: /の申し送り/ }).click();
    await page
      .getByText(new RegExp(`グループホームはなみずきが${PERSON}さんについて緊急の連絡を出しました。`))
      .first()
      .waitFor();
    await page
      .getByText(/が対応しました。/)
      .first()
      .waitFor();
    await page
      .getByText(
        /架空市地域生活支援拠点つなぎが佐藤 みらいさんについての相談を受けました。結果: 落ち着いて就寝。/,
      )
      .first()
      .waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await phoneShot(page, 'off-hours-handover');
    // The navigation counts the handovers nobody has confirmed; confirming this one takes it off.
    const unconfirmedInNav = async () => {
      const said = page.locator('a[href="/handovers"] .visually-hidden').first();
      const text = (await said.count()) ? ((await said.textContent()) ?? '') : '';
      return Number(/未確認 (\d+) 件/.exec(text)?.[1] ?? 0);
    };
    const before = await unconfirmedInNav();
    expect(before).toBeGreaterThanOrEqual(1);
    await page.getByRole('button', { name: '確認しました' }).click();
    await page.getByText(/が .* に確認しました。/).waitFor();
    await expect.poll(unconfirmedInNav).toBe(before - 1);
    expect(lead.problems).toEqual([]);
    await page.context().close();
  }, 420_000);
});
