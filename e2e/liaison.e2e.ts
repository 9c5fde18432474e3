import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { tokyoDate } from '@tsunagu/contract/tokyo-time';
import { axeViolations, baseUrl, launchBrowser, screenshot, signInDemo } from './browser.ts';
import { apiOf } from './api.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

const todayInTokyo = () => tokyoDate(new Date());

/** Marks the document, so a reload (which would drop the mark) is noticed. */
async function markDocument(page: Page): Promise<void> {
  await page.evaluate("document.documentElement.setAttribute('data-e2e-same-document', 'yes')");
}
async function isSameDocument(page: Page): Promise<boolean> {
  return (await page.evaluate("document.documentElement.getAttribute('data-e2e-same-document')")) === 'yes';
}

describe('連携シート: an organisation without tsunagu replies from a phone', () => {
  const person = '佐藤 みらい';
  const stamp = Date.now().toString(36);
  const groupHomeName = `グループホームE2E${stamp}`;
  const body = `E2E ${stamp} 今週から夕食後の服薬の声かけをお願いします。`;
  const reply = `E2E ${stamp} 承知しました。夕食後に声をかけます。`;

  it('the sender makes a sheet from a 要確認 message; the guest opens the link, enters the PIN, acknowledges and replies; the sender sees the reply live', async () => {
    // The scene: a group home that works by FAX joins the person's team, with consent for 生活.
    const admin = await signInDemo(browser, 'admin');
    const asAdmin = await apiOf(admin.page);
    const groupHome: { id: string } = await asAdmin.post('/api/organisations', {
      name: groupHomeName,
      kana: 'ぐるーぷほーむいーつーいー',
      sector: 'housing',
      kind: 'group_home',
      regionIds: [],
      fax: '099-000-9999',
      businessHours: [],
    });
    // The system administrator marks it on its organisation page: reached by FAX, not by tsunagu.
    await admin.page.goto(`${baseUrl()}/organisations/${groupHome.id}`);
    const panel = admin.page.getByRole('region', { name: '連絡方法（つなぐを使っていない機関）' });
    await panel.getByText('つなぐで連絡できます').waitFor();
    await panel.getByRole('button', { name: '編集' }).click();
    await panel.getByLabel('この機関はつなぐを使っていない').check();
    await panel.getByLabel('希望する連絡手段').selectOption('fax');
    await panel.getByLabel('FAX番号').fill('FAXなし');
    await panel.getByRole('button', { name: '保存する' }).click();
    await panel
      .getByText(/「FAX番号」/)
      .first()
      .waitFor();
    await panel.getByLabel('FAX番号').fill('099-000-9999');
    await panel.getByRole('button', { name: '保存する' }).click();
    await panel.getByText('連絡方法を保存しました。').waitFor();
    await panel.getByText('つなぐを使っていません（FAX・電話などで連絡）').waitFor();
    await panel.scrollIntoViewIfNeeded();
    await screenshot(admin.page, 'liaison-settings-desktop');
    expect(await axeViolations(admin.page)).toEqual([]);
    await admin.page.context().close();

    const sender = await signInDemo(browser, 'soudan');
    const { page } = sender;
    await page.getByRole('table').getByRole('link', { name: person }).click();
    await page.getByRole('heading', { name: person, level: 1 }).waitFor();
    const personId = new URL(page.url()).pathname.split('/')[2]!;
    const asSender = await apiOf(page);
    await asSender.post(`/api/persons/${personId}/team`, {
      organisationId: groupHome.id,
      role: 'service_provider',
    });
    await asSender.post(`/api/persons/${personId}/grants`, {
      organisationId: groupHome.id,
      categories: ['identity', 'daily_living'],
      basis: 'consent',
      method: 'written',
      obtainedOn: todayInTokyo(),
    });
    const message: { id: string } = await asSender.post(`/api/persons/${personId}/messages`, {
      category: 'daily_living',
      priority: 'normal',
      requiresAck: true,
      body,
    });

    // The sender opens the person's 連携シート tab and makes a sheet from the message.
    await page
      .getByRole('navigation', { name: 'この方について' })
      .getByRole('link', { name: '連携シート・連絡記録' })
      .click();
    await page.getByRole('heading', { name: '連携シート', level: 2 }).waitFor();
    await page.getByRole('button', { name: '連携シートを作る' }).click();
    await page.getByLabel('送り先').selectOption({ label: groupHomeName });
    await page.getByLabel('チームの連絡', { exact: true }).selectOption(message.id);
    await page.getByRole('button', { name: 'シートを作る' }).click();
    await page.getByText('連携シートを作りました。').waitFor();
    const pinNotice = await page.getByText(/暗証番号 \d{6}/).textContent();
    const pin = /暗証番号 (\d{6})/.exec(pinNotice ?? '')![1]!;
    const card = page.locator('li.liaison-sheet', { hasText: groupHomeName });
    await card.getByText('返信待ち').waitFor();
    const { sheets }: { sheets: { id: string; shortUrl: string; recipient: { name: string } }[] } =
      await asSender.get(`/api/persons/${personId}/liaison-sheets`);
    const sheet = sheets.find((s) => s.recipient.name === groupHomeName)!;
    expect(sheet.shortUrl).toMatch(/\/r\/[A-Za-z0-9_-]{22}$/);
    expect(sheet.shortUrl).not.toContain(encodeURIComponent(person));
    await markDocument(page);

    // Someone at the group home scans the QR code with a phone: no account, the PIN from the sheet.
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      locale: 'ja-JP',
      timezoneId: 'Asia/Tokyo',
    });
    const guest = await phone.newPage();
    const guestProblems: string[] = [];
    guest.on('pageerror', (e) => guestProblems.push(e.message));
    guest.on('console', (m) => {
      // A wrong PIN is an expected 403.
      if (m.type() === 'error' && !/403|Forbidden/.test(m.text())) guestProblems.push(m.text());
    });
    await guest.goto(`${baseUrl()}${new URL(sheet.shortUrl).pathname}`);
    await guest.getByRole('heading', { name: '連携シートへのご返信', level: 1 }).waitFor();
    const wrongPin = pin === '000000' ? '000001' : '000000';
    await guest.getByLabel('暗証番号（6けた）').fill(wrongPin);
    await guest.getByRole('button', { name: '開く' }).click();
    await guest.getByText(/暗証番号が違います。あと4回/).waitFor();
    await guest.getByLabel('暗証番号（6けた）').fill(pin);
    await guest.getByRole('button', { name: '開く' }).click();
    await guest.getByText(body).waitFor();
    // Only this one item: nothing else of the person's record is on the page.
    expect(await guest.locator('main').textContent()).not.toContain('チームの連絡');
    expect(await axeViolations(guest)).toEqual([]);
    await screenshot(guest, 'liaison-guest-item');

    await guest.getByLabel('ご返信（任意）').fill(reply);
    await guest.getByLabel('お名前（任意）').fill('世話人 森');
    await guest.getByRole('button', { name: '確認しました' }).click();
    await guest.getByText('ご返信ありがとうございました。送信元に届きました。').waitFor();
    await screenshot(guest, 'liaison-guest-done');

    // The sender's screen shows the reply without being reloaded.
    await card.getByText('返信あり').waitFor({ timeout: 15_000 });
    await card.getByText(reply).waitFor();
    await card.getByText('返信した方: 世話人 森').waitFor();
    expect(await isSameDocument(page)).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'liaison-sender');

    // And the message no longer waits for the group home (others of the team may still owe theirs).
    const awaiting: { items: { messageId: string; waitingFor: string[] }[] } = await asSender.get(
      '/api/messages/awaiting-others',
    );
    const stillWaiting = awaiting.items.find((i) => i.messageId === message.id)?.waitingFor ?? [];
    expect(stillWaiting).not.toContain(groupHomeName);

    expect(guestProblems).toEqual([]);
    expect(sender.problems).toEqual([]);
    await phone.close();
    await page.context().close();
  });
});
