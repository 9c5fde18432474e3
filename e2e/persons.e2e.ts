import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { axeViolations, baseUrl, launchBrowser, screenshot, signInDemo } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

/** A fresh browser context signed in as a demo account, on the home page; page errors are collected. */
// The 404 of a person outside the caller's consent is an expected answer.
const signIn = (local: string) => signInDemo(browser, local, { expectedErrors: /404|Not Found/ });

/** Fills the 「情報を記録」 form and waits for 「記録しました」. */
async function recordItem(
  page: Page,
  item: { category: string; topic?: string; content: string; source: string; kind: string },
): Promise<void> {
  const form = page.locator('#record-item');
  await form.getByLabel('区分', { exact: true }).selectOption({ label: item.category });
  if (item.topic) await form.getByLabel('項目').selectOption({ label: item.topic });
  await form.getByLabel('内容').fill(item.content);
  await form.getByRole('radio', { name: item.source, exact: true }).check();
  await form.getByRole('radio', { name: item.kind, exact: true }).check();
  await form.getByRole('button', { name: '記録する', exact: true }).click();
  await form.getByText('記録しました。').waitFor();
  // The record is on the timeline once the page has refreshed.
  await page.locator('#timeline').getByText(item.content).first().waitFor();
}

async function searchPerson(page: Page, name: string): Promise<Locator> {
  await page.getByLabel('氏名・ふりがなで探す').fill(name);
  await page.getByRole('button', { name: '探す', exact: true }).click();
  await page.getByRole('heading', { name: `「${name}」で探した結果` }).waitFor();
  await page.getByRole('status').filter({ hasText: '件' }).first().waitFor();
  return page.getByRole('table').getByRole('link', { name });
}

describe('the person at the centre: what one organisation records, another sees only as far as consent goes', () => {
  const stamp = Date.now().toString(36);
  const name = `試験 花子${stamp}`;
  const voice = `「E2E ${stamp} 海の見える町で暮らしたい」`;
  const medical = `E2E ${stamp} 医療: 月2回の外来通院。睡眠は安定している。`;
  const living = `E2E ${stamp} 生活: 朝は自分で朝食を作っている。`;
  const finances = `E2E ${stamp} 経済: 障害基礎年金2級を受給。`;
  let personId = '';

  it('the consultation specialist registers a person, records voice and items, adds the clinic and records its consent', async () => {
    const { page, problems } = await signIn('soudan');
    await page.getByRole('link', { name: '本人を登録' }).click();
    await page.getByRole('heading', { name: '本人の登録', level: 1 }).waitFor();
    await page.getByLabel('氏名', { exact: true }).fill(name);
    await page.getByLabel('ふりがな', { exact: true }).fill('しけん はなこ');
    await page.getByLabel('生年月日').fill('1990-04-01');
    await page.getByRole('radio', { name: '利用していない' }).check();
    await page.getByLabel('チームでのあなたの機関の役割').selectOption({ label: '計画相談担当' });
    await page.getByRole('button', { name: '登録する' }).click();

    await page.getByRole('heading', { name, level: 1 }).waitFor();
    personId = new URL(page.url()).pathname.split('/').pop() ?? '';
    expect(personId).toMatch(/^[0-9a-f-]{36}$/);

    await page.getByRole('button', { name: '情報を記録する' }).first().click();
    await recordItem(page, {
      category: '本人の意思',
      topic: '希望する暮らし',
      content: voice,
      source: '本人',
      kind: '本人の言葉',
    });
    await recordItem(page, {
      category: '医療',
      content: medical,
      source: '医療機関',
      kind: '客観的事実・測定',
    });
    await recordItem(page, {
      category: '生活',
      content: living,
      source: '支援者の観察',
      kind: '客観的事実・測定',
    });
    await recordItem(page, {
      category: '経済',
      content: finances,
      source: '公的記録',
      kind: '客観的事実・測定',
    });
    // The voice comes first on the page, in the person's own words.
    await page.locator('#voice').getByText(voice).waitFor();

    await page.getByRole('button', { name: 'チームに加える' }).click();
    const dialog = page.getByRole('dialog', { name: 'チームに機関・職員を加える' });
    // The organisation is found by searching the directory (part of its name is enough).
    await dialog.getByRole('searchbox', { name: '機関', exact: true }).fill('こころのクリ');
    await dialog.getByRole('button', { name: '探す', exact: true }).click();
    await dialog.getByRole('radio', { name: /^こころのクリニック架空/ }).click();
    await dialog.getByLabel('役割').selectOption({ label: '主治医' });
    await dialog.getByRole('button', { name: 'チームに加える' }).click();
    await page.locator('#team').getByText('チームに加えました。').waitFor();
    await page.locator('#team').getByRole('rowheader', { name: 'こころのクリニック架空' }).waitFor();

    await page.getByRole('button', { name: '同意を記録' }).click();
    const consent = page.locator('#record-grant');
    await consent.getByLabel('提供先の機関').selectOption({ label: 'こころのクリニック架空' });
    // 基本情報 is checked from the start: without it the clinic could not see the person at all.
    expect(await consent.getByRole('checkbox', { name: '基本情報' }).isChecked()).toBe(true);
    await consent.getByRole('checkbox', { name: '医療', exact: true }).check();
    await consent.getByRole('checkbox', { name: '生活', exact: true }).check();
    await consent.getByRole('radio', { name: '本人の同意' }).check();
    await consent.getByRole('radio', { name: '書面' }).check();
    await consent.getByRole('button', { name: '同意を記録する' }).click();
    await consent.getByText('同意を記録しました。').waitFor();
    const grant = page.locator('#consent .grant', { hasText: 'こころのクリニック架空' });
    await grant.getByText('医療', { exact: true }).waitFor();
    expect(await grant.getByText('経済', { exact: true }).count()).toBe(0);

    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('the clinic nurse finds the person and sees 医療 and 生活, but nothing of 経済', async () => {
    const { page, problems } = await signIn('kango');
    const link = await searchPerson(page, name);
    await link.click();
    await page.getByRole('heading', { name, level: 1 }).waitFor();
    await page.getByText(/件を表示中/).waitFor();

    // The person's voice is the first section of the page.
    const firstSection = page.locator('main section').first();
    expect(await firstSection.getAttribute('id')).toBe('voice');
    // The clinic's consent does not cover 本人の意思: the page says so, and shows none of it.
    await page.locator('#voice').getByText('「本人の意思」についての本人の同意がないため').waitFor();
    expect(await page.getByText(voice).count()).toBe(0);

    await page.locator('#timeline').getByText(medical).waitFor();
    await page.locator('#timeline').getByText(living).waitFor();
    expect(await page.content()).not.toContain(finances);
    expect(await page.content()).not.toContain(`E2E ${stamp} 経済`);

    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'persons-nurse-view');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('a group home on other teams, without consent for this person, neither finds nor opens them', async () => {
    const { page, problems } = await signIn('gh');
    const link = await searchPerson(page, name);
    expect(await link.count()).toBe(0);
    await page.getByText('該当する方は見つかりません').waitFor();

    await page.goto(`${baseUrl()}/persons/${personId}`);
    await page.getByRole('heading', { name: 'この方の情報は表示できません', level: 1 }).waitFor();
    expect(await page.content()).not.toContain(name);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('a care manager whose consent has expired is told why the person is missing, without the name', async () => {
    const { page, problems } = await signIn('caremanager');
    const notice = page.getByText('同意がないため、ここに表示されない方がいます');
    await notice.waitFor();
    await page.getByText('同意の有効期限が切れた方: 1 人').waitFor();
    await page.getByText('表示できる方はいません。').waitFor();
    expect(await page.locator('main').textContent()).not.toContain('鈴木');
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});

describe('numbers and readings as people type them with an IME', () => {
  it('a phone number typed in full width dials correctly from the person page; a half-width reading is kept in hiragana', async () => {
    const { page, problems } = await signIn('soudan');
    const stamp = Date.now().toString(36);
    const name = `試験 次郎${stamp}`;
    await page.getByRole('link', { name: '本人を登録' }).click();
    await page.getByRole('heading', { name: '本人の登録', level: 1 }).waitFor();
    await page.getByLabel('氏名', { exact: true }).fill(name);
    await page.getByLabel('ふりがな', { exact: true }).fill('ｼｹﾝ ｼﾞﾛｳ');
    await page.getByLabel('生年月日').fill('1991-05-02');
    await page.getByLabel('電話番号').fill('０９０－１２３４－５６７８');
    await page.getByRole('radio', { name: '利用していない' }).check();
    await page.getByLabel('チームでのあなたの機関の役割').selectOption({ label: '計画相談担当' });
    await page.getByRole('button', { name: '登録する' }).click();

    await page.getByRole('heading', { name, level: 1 }).waitFor();
    const phone = page.getByRole('link', { name: '090-1234-5678' });
    expect(await phone.getAttribute('href')).toBe('tel:09012345678');
    await page.getByText('しけん じろう').first().waitFor();
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
