import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, launchBrowser, screenshot, signInDemo } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

/** A fresh browser context signed in as a demo account; page errors are collected. */
const signIn = (local: string) => signInDemo(browser, local);

/** From 私の担当 to the person's チームの連絡, as a user would go (two taps). */
async function openTeamMessages(page: Page, name: string): Promise<void> {
  await page.getByRole('table').getByRole('link', { name }).click();
  await page.getByRole('heading', { name, level: 1 }).waitFor();
  await page
    .getByRole('navigation', { name: 'この方について' })
    .getByRole('link', { name: /チームの連絡/ })
    .click();
  await page.getByRole('heading', { name: 'チームの連絡', level: 2 }).waitFor();
  await page.getByText(/件を表示中/).waitFor();
}

/** Marks the document, so a reload (which would drop the mark) is noticed. */
async function markDocument(page: Page): Promise<void> {
  // A string runs in the page (the test's own TypeScript has no DOM types).
  await page.evaluate("document.documentElement.setAttribute('data-e2e-same-document', 'yes')");
}
async function isSameDocument(page: Page): Promise<boolean> {
  return (await page.evaluate("document.documentElement.getAttribute('data-e2e-same-document')")) === 'yes';
}

describe('team messages: a message that asks for acknowledgement, live on both sides', () => {
  const person = '佐藤 みらい';
  const stamp = Date.now().toString(36);
  const body = `E2E ${stamp} 明日の訪問は14時に変更になりました。受診の付き添いもお願いできますか。`;
  const reply = `E2E ${stamp} 了解しました。付き添います。`;

  it('the consultation specialist sends it; the clinic doctor sees it appear and acknowledges with a reply; the sender sees the acknowledgement appear', async () => {
    const sender = await signIn('soudan');
    const recipient = await signIn('ishi');
    await openTeamMessages(sender.page, person);
    await openTeamMessages(recipient.page, person);
    await markDocument(sender.page);
    await markDocument(recipient.page);

    // soudan writes a 要確認 message (生活 is the default category) and names the doctor.
    const composer = sender.page.locator('#message-composer');
    expect(await composer.getByLabel('区分').inputValue()).toBe('daily_living');
    await composer.getByLabel('本文').fill(body);
    await composer.getByRole('checkbox', { name: /要確認/ }).check();
    await composer.getByRole('button', { name: '宛先・添付・話題' }).click();
    await composer.getByRole('checkbox', { name: '医野 健（こころのクリニック架空）' }).check();
    await composer.getByRole('button', { name: '送信する' }).click();
    await composer.getByText('送信しました。').waitFor();
    const sent = sender.page.locator('article', { hasText: body });
    await sent.getByRole('button', { name: /既読 \d+\/\d+・確認 0\/\d+/ }).waitFor();

    // The doctor's screen shows it without being reloaded: new, asking for acknowledgement.
    const received = recipient.page.locator('article', { hasText: body });
    await received.waitFor({ timeout: 15_000 });
    await received.getByText('新着').waitFor();
    await received.getByText('要確認', { exact: true }).waitFor();
    await received.getByText('あなた（またはあなたの機関）に確認が求められています。').waitFor();
    expect(await isSameDocument(recipient.page)).toBe(true);

    await received.getByLabel('返信（任意）').fill(reply);
    await received.getByRole('button', { name: '確認しました' }).click();
    await received.getByText(/確認しました（\d/).waitFor();
    await received.getByText(`あなたの返信: ${reply}`).waitFor();

    // The sender's screen counts the acknowledgement without being reloaded; the panel names who
    // acknowledged, with the reply, and who has not yet.
    const acknowledged = sent.getByRole('button', { name: /確認 1\/\d+/ });
    await acknowledged.waitFor({ timeout: 15_000 });
    expect(await isSameDocument(sender.page)).toBe(true);
    await acknowledged.click();
    const panel = sent.getByRole('region', { name: '受け手ごとの状況' });
    const doctorRow = panel.getByRole('row', { name: /医野 健/ });
    await doctorRow.getByText(reply).waitFor();
    await doctorRow.getByText(/医野 健）$/).waitFor();
    const stillMissing = panel.getByRole('listitem').filter({ hasText: 'まだ確認していない' });
    await stillMissing.waitFor();
    expect(await stillMissing.textContent()).not.toContain('医野 健');

    expect(await axeViolations(sender.page)).toEqual([]);
    expect(await axeViolations(recipient.page)).toEqual([]);
    await screenshot(sender.page, 'messages-sender');
    await screenshot(recipient.page, 'messages-recipient');
    expect(sender.problems).toEqual([]);
    expect(recipient.problems).toEqual([]);
    await sender.page.context().close();
    await recipient.page.context().close();
  });

  it('the home nurse corrects her message, records it as information and withdraws it; each dialog refuses an empty reason beside its field', async () => {
    // The home nurse (on her team, with consent for 生活): soudan is signed in by other journeys
    // running at the same time, and an authenticator step signs an account in only once.
    const { page, problems } = await signIn('houkan');
    await openTeamMessages(page, person);
    const text = `E2E ${stamp} 来週の面談は水曜の午後です。`;
    const composer = page.locator('#message-composer');
    await composer.getByLabel('本文').fill(text);
    await composer.getByRole('button', { name: '送信する' }).click();
    await composer.getByText('送信しました。').waitFor();
    const card = page.locator('article', { hasText: text });

    // 訂正: without a reason nothing is saved and the error names the field.
    await card.getByRole('button', { name: '訂正', exact: true }).click();
    let dialog = page.getByRole('dialog', { name: '連絡を訂正' });
    await dialog.getByLabel('本文').fill(`${text}（14時から）`);
    await dialog.getByRole('button', { name: '訂正する' }).click();
    await dialog
      .getByRole('alert')
      .getByText(/訂正の理由/)
      .waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await dialog.getByLabel('訂正の理由').fill('時刻を書き忘れた');
    await dialog.getByRole('button', { name: '訂正する' }).click();
    await card.getByText('訂正しました。').waitFor();
    await card.getByText('訂正済み').waitFor();
    await card.getByText('（14時から）').waitFor();

    // 情報として記録: the source and the kind must be chosen.
    await card.getByRole('button', { name: '情報として記録' }).click();
    dialog = page.getByRole('dialog', { name: '情報として記録' });
    await dialog.getByRole('button', { name: '記録する' }).click();
    await dialog
      .getByRole('alert')
      .getByText(/情報源/)
      .waitFor();
    await dialog.getByRole('radio', { name: '支援者の観察', exact: true }).check();
    await dialog.getByRole('radio', { name: '客観的事実・測定', exact: true }).check();
    await dialog.getByRole('button', { name: '記録する' }).click();
    await card.getByText('情報として記録しました。').waitFor();

    // 取り下げ: the reason too; the body leaves the timeline, the card says so.
    await card.getByRole('button', { name: '取り下げ', exact: true }).click();
    dialog = page.getByRole('dialog', { name: 'この連絡を取り下げますか？' });
    await dialog.getByRole('button', { name: '取り下げる' }).click();
    await dialog
      .getByRole('alert')
      .getByText(/取り下げの理由/)
      .waitFor();
    await dialog.getByLabel('取り下げの理由').fill('面談の日程が変わったため');
    await dialog.getByRole('button', { name: '取り下げる' }).click();
    const withdrawn = page.locator('article', { hasText: 'この連絡は取り下げられました。' }).first();
    await withdrawn.waitFor();
    expect(await page.locator('#timeline, main').first().textContent()).not.toContain(
      '来週の面談は水曜の午後です。（14時から）',
    );
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
