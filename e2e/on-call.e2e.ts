import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { addDays, tokyoDate } from '@tsunagu/contract/tokyo-time';
import {
  axeViolations,
  baseUrl,
  launchBrowser,
  screenshot,
  seriousViolations,
  signInDemo,
} from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

/** The 基幹's admin and the 拠点's three coordinators (signInDemo's rule: one sign-in per account and run). */
const signIn = (local: string) => signInDemo(browser, local);

/** A Tokyo date `days` from today, YYYY-MM-DD. */
function tokyoDay(days: number): string {
  return addDays(tokyoDate(new Date()), days);
}

/** "12/6(" — how the screens start a short Japanese date. */
const shortDate = (day: string) => `${Number(day.slice(5, 7))}/${Number(day.slice(8, 10))}(`;

/** The error shown beside a field: the field is marked invalid and describes itself with the message. */
async function errorBeside(page: Page, field: Locator): Promise<string> {
  await expect.poll(() => field.getAttribute('aria-invalid')).toBe('true');
  const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(' ').filter(Boolean);
  const texts = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).textContent()));
  return texts.join(' ');
}

describe('off-hours coverage: business calendar and on-call rota', () => {
  const stamp = Date.now().toString(36);

  it('the 基幹 admin adds a closure for today: the calendar says closed and why, a date in the wrong order is refused beside its field, 元日 is a holiday', async () => {
    const { page, problems } = await signIn('shunin');
    await page
      .getByRole('navigation', { name: 'メインメニュー' })
      .getByRole('link', { name: '機関' })
      .click();
    await page.getByRole('link', { name: '架空市基幹相談支援センター' }).click();
    const panel = page.getByRole('region', { name: '営業日カレンダー' });
    await panel
      .getByText(/営業中|休業中/)
      .first()
      .waitFor();
    await panel.getByRole('link', { name: '営業日カレンダーを見る・変更する' }).click();
    await page.getByRole('heading', { name: '営業日カレンダー', level: 1 }).waitFor();

    // A closure whose end comes before its start: the server's answer is shown beside 終了日.
    const closures = page.locator('#closure');
    await closures.getByLabel('開始日').fill(tokyoDay(3));
    await closures.getByLabel('終了日').fill(tokyoDay(2));
    await closures.getByLabel('理由').fill(`E2E ${stamp} 逆順`);
    await closures.getByRole('button', { name: '休業期間を追加する' }).click();
    const endsOn = closures.getByLabel('終了日');
    await expect.poll(() => endsOn.getAttribute('aria-invalid')).toBe('true');
    const errorId = (await endsOn.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`[id="${errorId}"]`).textContent()).toContain(
      '終了日は開始日以降にしてください',
    );

    // Closed today for an invented reason: the status says closed, with the reason, and lists it.
    const reason = `E2E ${stamp} 臨時休業`;
    await closures.getByLabel('開始日').fill(tokyoDay(0));
    await closures.getByLabel('終了日').fill(tokyoDay(0));
    await closures.getByLabel('理由').fill(reason);
    await closures.getByRole('button', { name: '休業期間を追加する' }).click();
    await closures.getByText(`休業期間「${reason}」を追加しました。`).waitFor();
    const now = page.getByRole('region', { name: '今の営業状況' });
    await now.getByText('休業中').waitFor();
    await now.getByText(`休業: ${reason}`).waitFor();
    await expect.poll(() => now.textContent()).toMatch(/次の営業開始は .+ です。/);
    await page.getByRole('region', { name: '今後の休業日・祝日' }).getByText(`休業: ${reason}`).waitFor();

    // The month of the next New Year: 元日 is a national holiday and the office is closed.
    await page.goto(
      `${baseUrl()}/organisations/${page.url().split('/').at(-2)}/calendar?month=${Number(tokyoDay(0).slice(0, 4)) + 1}-01`,
    );
    const newYear = page
      .getByRole('list', { name: `${Number(tokyoDay(0).slice(0, 4)) + 1}年1月` })
      .getByRole('listitem')
      .filter({ hasText: '1/1（' });
    await newYear.getByText('元日').waitFor();
    await newYear.getByText('休み').waitFor();

    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'on-call-calendar');

    // Leave the demo as it was: the closure goes again.
    await page.getByRole('button', { name: `休業期間「${reason}」を削除` }).click();
    await page.getByRole('dialog').getByRole('button', { name: '削除' }).click();
    await page
      .getByRole('region', { name: '休業期間' })
      .getByText(reason, { exact: true })
      .waitFor({ state: 'detached' });
    // The refused closure's 400 is an expected answer.
    expect(problems.filter((p) => !/status of 400/.test(p))).toEqual([]);
    await page.context().close();
  });

  it('the 拠点 admin adds shifts leaving a night window uncovered and the coverage check shows it; a coordinator asks a colleague to swap, who accepts', async () => {
    const admin = await signIn('kyoten');
    const page = admin.page;
    // The 拠点's admin keeps on-call staff signed in through their shifts (and sets it back).
    await page
      .getByRole('navigation', { name: 'メインメニュー' })
      .getByRole('link', { name: '機関' })
      .click();
    await page.getByRole('link', { name: '架空市地域生活支援拠点つなぎ' }).click();
    const session = page.getByRole('region', { name: '当番中のサインイン' });
    await session.getByLabel('当番の職員は、当番が終わるまでサインインしたままにする').check();
    await session.getByText('当番の終わりまでサインインしたままになります').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await session.getByLabel('当番の職員は、当番が終わるまでサインインしたままにする').uncheck();
    await session.getByText('通常どおりサインアウトされます').waitFor();
    // Six weeks ahead, beyond the demo rota: a shift to 22:00 on the second day, the next from 2:00.
    const day1 = tokyoDay(40);
    const day2 = tokyoDay(41);
    const day3 = tokyoDay(42);
    const day4 = tokyoDay(43);
    const addShift = async (s: { from: [string, string]; to: [string, string]; primary: string }) => {
      await page
        .getByRole('navigation', { name: 'メインメニュー' })
        .getByRole('link', { name: '当番' })
        .click();
      await page.getByRole('navigation', { name: '当番' }).getByRole('link', { name: '当番表' }).click();
      await page.getByRole('link', { name: '当番を登録' }).click();
      const form = page.locator('#shift');
      await form.getByLabel('開始の日付').fill(s.from[0]);
      await form.getByLabel('開始の時刻').fill(s.from[1]);
      await form.getByLabel('終了の日付').fill(s.to[0]);
      await form.getByLabel('終了の時刻').fill(s.to[1]);
      await form.getByLabel('主担当').selectOption({ label: s.primary });
      await form.getByLabel('当番の電話').fill('090-0000-2101');
      // The 拠点's own areas (架空市・架空町) are ticked already.
      expect(await form.getByRole('checkbox', { name: /^架空市/ }).isChecked()).toBe(true);
      await form.getByRole('button', { name: '登録する' }).click();
      await page.getByText('当番を 1 件登録しました。').waitFor();
      return page.url();
    };
    const firstShiftUrl = await addShift({
      from: [day1, '00:00'],
      to: [day2, '22:00'],
      primary: '宿野 あかり',
    });
    await addShift({ from: [day3, '02:00'], to: [day4, '00:00'], primary: '当間 けい' });

    await page
      .getByRole('navigation', { name: 'メインメニュー' })
      .getByRole('link', { name: '当番' })
      .click();
    await page
      .getByRole('navigation', { name: '当番' })
      .getByRole('link', { name: 'カバレッジ確認' })
      .click();
    const filters = page.getByRole('form', { name: '確認する範囲' });
    await filters.getByLabel('開始日').fill(day1);
    await filters.getByLabel('期間').selectOption({ label: '1 週間' });
    await filters.getByRole('button', { name: '確認する' }).click();
    const gap = page
      .locator('.gap')
      .filter({ hasText: `${shortDate(day2)}` })
      .filter({ hasText: `22:00〜${shortDate(day3)}` });
    await gap.waitFor();
    expect(await gap.textContent()).toMatch(
      new RegExp(`22:00〜${shortDate(day3).replace('(', '\\(')}.\\) 2:00`),
    );
    await gap.getByText('空白').waitFor();
    await gap.getByText(/当番がいない圏域: .*架空市/).waitFor();
    await gap.getByText('（4 時間）').waitFor();
    // Nothing is uncovered before the gap: the first shift began with the window.
    const first = page.locator('.gap').first();
    expect(await first.textContent()).toContain(`${shortDate(day2)}`);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'on-call-coverage');
    expect(admin.problems).toEqual([]);
    await page.context().close();

    // 宿野 (primary of the first shift) asks 当間 to take it over.
    const asker = await signIn('kyoten2');
    await asker.page.goto(firstShiftUrl);
    const swapForm = asker.page.locator('#swap-request');
    await swapForm.getByText('あなたはこの当番の主担当です。').waitFor();
    await swapForm.getByLabel('代わってもらう職員').selectOption({ label: '当間 けい' });
    await swapForm.getByLabel('メッセージ（任意）').fill(`E2E ${stamp} 通院のため代わってください`);
    await swapForm.getByRole('button', { name: '依頼する' }).click();
    await swapForm.getByText('当間 けい さんに交代を依頼しました。').waitFor();
    await asker.page.getByText('宿野 あかり → 当間 けい（主担当）').waitFor();
    await asker.page.getByText('回答待ち').waitFor();
    expect(asker.problems).toEqual([]);
    await asker.page.context().close();

    // 当間 sees the request waiting, accepts it, and the shift is theirs.
    const colleague = await signIn('kyoten3');
    await colleague.page
      .getByRole('navigation', { name: 'メインメニュー' })
      .getByRole('link', { name: '当番' })
      .click();
    await colleague.page.getByRole('link', { name: '交代の依頼（回答待ち 1 件）' }).click();
    const request = colleague.page
      .getByRole('listitem')
      .filter({ hasText: `E2E ${stamp} 通院のため代わってください` });
    await request.getByText('宿野 あかり → 当間 けい（主担当）').waitFor();
    expect(await seriousViolations(colleague.page)).toEqual([]);
    await request.getByRole('button', { name: '引き受ける' }).click();
    await colleague.page.getByText('交代を引き受けました。当番表に反映されています。').waitFor();
    await request.getByText('引き受け済み').waitFor();
    await request.getByRole('link').click();
    const facts = colleague.page.getByRole('region', { name: '担当', exact: true });
    await facts.getByText('当間 けい').waitFor();
    await colleague.page
      .getByRole('region', { name: '履歴' })
      .getByText('主担当: 宿野 あかり → 当間 けい')
      .waitFor();
    expect(await seriousViolations(colleague.page)).toEqual([]);
    await screenshot(colleague.page, 'on-call-shift-swapped');
    expect(colleague.problems).toEqual([]);
    await colleague.page.context().close();
  });

  it('the system administrator opens 連絡網の設定 and Webhook through 設定: bad input is refused beside its field, a tier and an endpoint are saved and shown', async () => {
    const { page, problems } = await signIn('admin');
    const nav = page.getByRole('navigation', { name: 'メインメニュー' });
    // The administration screens live under 設定, so the navigation keeps to one row at 1280 px.
    const rows = await nav
      .getByRole('listitem')
      .evaluateAll((items) => new Set(items.map((li) => Math.round(li.getBoundingClientRect().top))).size);
    expect(rows, 'the main navigation wraps onto a second row').toBe(1);
    await nav.getByRole('link', { name: '設定' }).click();
    await page.getByRole('heading', { name: '設定', level: 1 }).waitFor();
    const main = page.getByRole('main');
    for (const name of ['圏域', '見直しの間隔', '連絡網の設定', 'Webhook', '監査ログ'])
      await main.getByRole('link', { name }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'settings');

    // 連絡網の設定: the default chain, its waiting times first.
    await main.getByRole('link', { name: '連絡網の設定' }).click();
    await page.getByRole('heading', { name: '連絡網の設定', level: 1 }).waitFor();
    expect(await nav.getByRole('link', { name: '設定' }).getAttribute('aria-current')).toBe('page');
    const form = page.locator('#escalation-chain');
    const emergency = form.getByLabel('緊急: 確認を待つ時間（分）');
    const urgent = form.getByLabel('至急: 確認を待つ時間（分）');
    await expect.poll(() => emergency.inputValue()).toMatch(/^\d+$/);
    const before = { emergency: await emergency.inputValue(), urgent: await urgent.inputValue() };
    const tiersBefore = await form.getByRole('group', { name: /^\d+ 番目$/ }).count();

    // A wait of 0 minutes is refused beside its field; so is a tier without its organisation.
    await emergency.fill('0');
    await form.getByRole('button', { name: '保存する' }).click();
    expect(await errorBeside(page, emergency)).toContain('1以上にしてください');
    await emergency.fill(before.emergency);
    await form.getByRole('button', { name: '連絡先を追加' }).click();
    const tier = form.getByRole('group', { name: `${tiersBefore + 1} 番目` });
    const organisation = tier.getByRole('combobox', { name: '機関' });
    await form.getByRole('button', { name: '保存する' }).click();
    expect(await errorBeside(page, organisation)).toContain('機関を選んでください');
    expect(await seriousViolations(page)).toEqual([]);

    // A valid change: the 基幹 after the on-call staff, and a longer wait for 至急; kept after a reload.
    const label = `E2E ${stamp} 基幹`;
    const urgentMinutes = String(Number(before.urgent) + 15);
    await organisation.selectOption({ label: '架空市基幹相談支援センター' });
    await tier.getByRole('textbox', { name: '名前' }).fill(label);
    await urgent.fill(urgentMinutes);
    await form.getByRole('button', { name: '保存する' }).click();
    await form.getByText('連絡網を保存しました。').waitFor();
    await page.reload();
    // A reload loads the whole client again: on a busy machine that takes more than a second.
    await expect.poll(() => urgent.inputValue(), { timeout: 15_000 }).toBe(urgentMinutes);
    const saved = form.getByRole('group', { name: `${tiersBefore + 1} 番目` });
    expect(await saved.getByRole('textbox', { name: '名前' }).inputValue()).toBe(label);
    // The organisations' names arrive separately from the chain: the choice shows once they have.
    await expect
      .poll(() => saved.getByRole('combobox', { name: '機関' }).locator('option:checked').textContent())
      .toBe('架空市基幹相談支援センター');
    await screenshot(page, 'settings-escalation-chain');
    // Leave the demo's chain as it was.
    await saved.getByRole('button', { name: '外す' }).click();
    await urgent.fill(before.urgent);
    await form.getByRole('button', { name: '保存する' }).click();
    await form.getByText('連絡網を保存しました。').waitFor();
    await page.reload();
    await expect.poll(() => urgent.inputValue(), { timeout: 15_000 }).toBe(before.urgent);
    expect(await form.getByRole('group', { name: /^\d+ 番目$/ }).count()).toBe(tiersBefore);

    // Webhook: a secret that is too short is refused beside its field; a good one is listed.
    await nav.getByRole('link', { name: '設定' }).click();
    await main.getByRole('link', { name: 'Webhook' }).click();
    await page.getByRole('heading', { name: 'Webhook の送り先', level: 1 }).waitFor();
    const webhook = page.locator('#webhook');
    const description = `E2E ${stamp} SMS`;
    await webhook.getByLabel('URL').fill('http://127.0.0.1:9/sms');
    await webhook.getByLabel('説明').fill(description);
    const secret = webhook.getByLabel('署名用の秘密');
    await secret.fill('short-secret');
    await webhook.getByRole('button', { name: '登録する' }).click();
    expect(await errorBeside(page, secret)).toContain('32文字以上');
    await secret.fill(`e2e-signing-secret-${stamp}-0123456789abcdef`);
    await webhook.getByRole('button', { name: '登録する' }).click();
    await webhook.getByText('登録しました').waitFor();
    const listed = page
      .getByRole('region', { name: '登録済みの送り先' })
      .getByRole('listitem')
      .filter({ hasText: description });
    await listed.getByText('http://127.0.0.1:9/sms').waitFor();
    await listed.getByText('有効').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'settings-webhooks');
    // Nothing should be sent to it later: it is stopped again.
    await listed.getByRole('button', { name: `「${description}」を止める` }).click();
    await listed.getByText('停止中').waitFor();

    // The old addresses (bookmarks, links) still open the screens, with their filters.
    await page.goto(`${baseUrl()}/audit-log?outcome=denied`);
    await page.getByRole('heading', { name: '監査ログ', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe(
      '/settings/audit-log?outcome=denied',
    );
    expect(await nav.getByRole('link', { name: '設定' }).getAttribute('aria-current')).toBe('page');
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
