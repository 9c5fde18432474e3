import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { officialCsv, officialRow } from '../server/test/directory-fixtures.ts';
import { axeViolations, baseUrl, launchBrowser, screenshot, screenshotDir, signInDemo } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

const phone = { width: 360, height: 740 };

/** Nothing is wider than the screen: a phone never scrolls sideways. */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const widths = await page.evaluate<[number, number]>(
    '[document.documentElement.scrollWidth, document.documentElement.clientWidth]',
  );
  expect(widths[0]).toBeLessThanOrEqual(widths[1]);
}

/** Searches 「グループホーム」 open now in 南部地区 (a 日常生活圏域), nearest to its centre first. */
async function searchGroupHomesOpenInSouth(page: Page): Promise<void> {
  const search = page.getByRole('search', { name: '社会資源の検索' });
  await search.getByLabel('名称・ふりがな・サービス・相談の内容').fill('グループホーム');
  // The areas are indented by their depth in the tree (non-breaking spaces): chosen by their text.
  const region = search.getByLabel('圏域', { exact: true });
  const south = await region.locator('option', { hasText: '南部地区' }).getAttribute('value');
  if (!south) throw new Error('南部地区 is not among the areas');
  await region.selectOption(south);
  await search
    .getByLabel('近くを探す（日常生活圏域の中心から）')
    .selectOption({ label: '南部地区（架空市）' });
  await search.getByLabel('開いているところだけ').check();
  await search.getByRole('button', { name: '検索', exact: true }).click();
  await page.waitForURL(/openNow=true/);
  // The earlier list (no distances) stays, dimmed, while the new one loads, and for a moment after
  // the address changes it is not yet marked busy: wait for the answer itself, a distance shown.
  await page
    .locator('.results[aria-busy="false"] .directory-results > li')
    .first()
    .getByText(/約 \d+ m/)
    .waitFor();
}

describe('地域の社会資源: find a group home open now and add it to a team', () => {
  it('searches グループホーム open now in 南部地区, opens an entry without tsunagu and adds it to 佐藤 みらい’s team', async () => {
    const { page, problems } = await signInDemo(browser, 'soudan');
    await page
      .getByRole('navigation', { name: 'メインメニュー' })
      .getByRole('link', { name: '社会資源' })
      .click();
    await page.getByRole('heading', { name: '地域の社会資源', level: 1 }).waitFor();
    await searchGroupHomesOpenInSouth(page);

    const results = page.locator('.directory-results > li');
    await results.first().getByRole('link', { name: 'グループホームあおば', exact: true }).waitFor();
    // Nearest first, all open now (24-hour homes always; one open on weekday daytimes only at those times).
    const names = await results.locator('h2').allTextContents();
    expect(names[0]).toBe('グループホームあおば');
    const metres = await results.evaluateAll((cards) =>
      cards.map((card) => {
        const text = /約 ([\d.]+) (k?m)/.exec(card.textContent ?? '');
        return text ? Number(text[1]) * (text[2] === 'km' ? 1000 : 1) : Infinity; // no point: last
      }),
    );
    expect(metres).toEqual([...metres].sort((a, b) => a - b));
    expect(names).not.toContain('グループホームこもれび'); // 北部地区
    const first = results.first();
    await first.getByText('今開いています').waitFor();
    await first.getByText('つなぐ未使用').waitFor();
    await first.getByText(/約 \d+ m/).waitFor();
    expect(await first.getByRole('link', { name: /099-000-2101/ }).getAttribute('href')).toBe(
      'tel:0990002101',
    );
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'directory-search-desktop');

    await first.getByRole('link', { name: 'グループホームあおば', exact: true }).click();
    await page.getByRole('heading', { name: 'グループホームあおば', level: 1 }).waitFor();
    const main = page.getByRole('main');
    await main.getByText('つなぐを使っていません（電話・FAXなどで連絡）').waitFor();
    await main.getByRole('region', { name: '営業時間' }).getByText('今開いています').waitFor();
    await main.getByText('共同生活援助（介護サービス包括型）').waitFor();
    await main.getByText('管理 太郎').waitFor(); // who confirmed it
    // Corrected and confirmed only by its own organisation and system admins.
    expect(await main.getByRole('link', { name: '内容を訂正' }).count()).toBe(0);
    expect(await main.getByRole('button', { name: '今も正しいと確認した' }).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'directory-entry-desktop');

    await main.getByRole('button', { name: '本人のチームに加える' }).click();
    const dialog = page.getByRole('dialog', { name: '「グループホームあおば」を本人のチームに加える' });
    await dialog.getByText(/この機関はつなぐを使っていません/).waitFor();
    const person = dialog.getByLabel('本人', { exact: true });
    await person.locator('option', { hasText: '佐藤 みらい' }).waitFor({ state: 'attached' });
    const value = await person.locator('option', { hasText: '佐藤 みらい' }).getAttribute('value');
    // Nothing chosen: the form says what is missing and sends nothing.
    await dialog.getByRole('button', { name: 'チームに加える' }).click();
    await dialog.getByText('「本人」を選んでください。').first().waitFor();
    if (!value) throw new Error('佐藤 みらい is not offered');
    await person.selectOption(value);
    await dialog.getByLabel('役割').selectOption({ label: 'サービス事業所' });
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'directory-add-to-team-desktop');
    await dialog.getByRole('button', { name: 'チームに加える' }).click();
    await main.getByText('佐藤 みらいさんのチームに「グループホームあおば」を加えました。').waitFor();

    await main.getByRole('link', { name: '佐藤 みらいさんのページを開く' }).click();
    await page.getByRole('heading', { name: '佐藤 みらい', level: 1 }).waitFor();
    await page.locator('#team').getByRole('rowheader', { name: 'グループホームあおば' }).waitFor();
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('works at 360 px: the search, an entry page and the team dialog’s organisation search', async () => {
    const { page, problems } = await signInDemo(browser, 'soudan', { viewport: phone });
    await page.goto(`${baseUrl()}/directory`);
    await page.getByRole('heading', { name: '地域の社会資源', level: 1 }).waitFor();
    await searchGroupHomesOpenInSouth(page);
    await page
      .locator('.directory-results')
      .getByRole('link', { name: 'グループホームあおば', exact: true })
      .waitFor();
    await expectNoSidewaysScroll(page);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'directory-search-phone');

    await page
      .locator('.directory-results')
      .getByRole('link', { name: 'グループホームあおば', exact: true })
      .click();
    await page.getByRole('heading', { name: 'グループホームあおば', level: 1 }).waitFor();
    await expectNoSidewaysScroll(page);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'directory-entry-phone');

    // この近くを探す: the same search, measured from this entry.
    await page.getByRole('link', { name: 'この近くを探す' }).click();
    await page.getByText('「グループホームあおば」の近くを探しています').waitFor();
    await page
      .locator('.directory-results > li')
      .first()
      .getByText(/約 \d+ m/)
      .waitFor();

    // The team dialog finds an organisation by searching the directory.
    await page.goto(`${baseUrl()}/`);
    await page.getByRole('table').getByRole('link', { name: '佐藤 みらい' }).click();
    await page.getByRole('heading', { name: '佐藤 みらい', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'チームに加える' }).click();
    const dialog = page.getByRole('dialog', { name: 'チームに機関・職員を加える' });
    await dialog.getByRole('searchbox', { name: '機関', exact: true }).fill('こもれび');
    await dialog.getByRole('searchbox', { name: '機関', exact: true }).press('Enter');
    await dialog.getByRole('radio', { name: /^グループホームこもれび/ }).waitFor();
    await expectNoSidewaysScroll(page);
    expect(await axeViolations(page)).toEqual([]);
    // The dialog alone: the person's page behind it is long.
    await dialog.screenshot({ path: path.join(screenshotDir, 'directory-team-picker-phone.png') });
    await dialog.getByRole('radio', { name: /^グループホームこもれび/ }).click();
    await dialog.getByText('選んだ機関: グループホームこもれび').waitFor();
    await dialog.getByRole('button', { name: 'キャンセル' }).click();
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('lets a system admin import the official open data with a progress bar and the rejected rows', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tsunagu-e2e-import-'));
    const file = path.join(dir, 'group_home.csv');
    // Synthetic rows in the official layout (CP932); one without 事業所番号 is refused by line.
    writeFileSync(
      file,
      officialCsv([
        officialRow(1, { 都道府県コード又は市区町村コード: '999001' }),
        officialRow(2, { 都道府県コード又は市区町村コード: '999001' }),
        officialRow(3, { 都道府県コード又は市区町村コード: '999001', 事業所番号: '' }),
        officialRow(4, {
          都道府県コード又は市区町村コード: '131016',
          '事業所住所（市区町村）': '東京都千代田区',
        }),
      ]),
    );
    for (const [viewport, suffix] of [
      [undefined, 'desktop'],
      [phone, 'phone'],
    ] as const) {
      const { page, problems } = await signInDemo(browser, 'admin', viewport ? { viewport } : {});
      await page.goto(`${baseUrl()}/settings/directory-imports`);
      await page.getByRole('heading', { name: '社会資源の取り込み', level: 1 }).waitFor();
      if (suffix === 'desktop') {
        // Sending nothing is refused on the page, naming the field.
        await page.getByRole('button', { name: '取り込む', exact: true }).click();
        await page.getByText('取り込むファイルを選んでください。').first().waitFor();
        await page.getByLabel('ファイル（ZIP または CSV）').setInputFiles(file);
        await page.getByRole('button', { name: '取り込む', exact: true }).click();
        await page.getByText('完了').first().waitFor();
        await page.getByText('100%（4 行を読みました）').waitFor();
        const rejected = page.getByRole('table', { name: '取り込めなかった行' });
        await rejected.getByRole('rowheader', { name: '4 行目' }).waitFor();
        // Two new, one outside the region's municipalities, one refused.
        const counts = page.locator('.import-counts');
        for (const [label, value] of [
          ['新規', '2'],
          ['圏域外で対象外', '1'],
          ['取り込めなかった行', '1'],
        ] as const)
          await counts.locator('div', { hasText: label }).getByText(value, { exact: true }).waitFor();
        await page.getByRole('table', { name: 'これまでの取り込み' }).getByText('完了').waitFor();
        await rejected.getByText('事業所番号').first().waitFor();
        expect(
          await page.getByRole('link', { name: '一覧を CSV でダウンロード' }).getAttribute('href'),
        ).toMatch(/\/rejections\.csv$/);
      } else {
        await page
          .getByRole('button', { name: /詳しく見る/ })
          .first()
          .click();
        await page.getByText('100%（4 行を読みました）').waitFor();
        await expectNoSidewaysScroll(page);
      }
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, `directory-imports-${suffix}`);

      await page.goto(`${baseUrl()}/directory/new`);
      await page.getByRole('heading', { name: '社会資源を手入力で登録', level: 1 }).waitFor();
      if (viewport) await expectNoSidewaysScroll(page);
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, `directory-entry-form-${suffix}`);
      expect(problems).toEqual([]);
      await page.context().close();
    }
  }, 120_000);

  it('lets a system admin enter a resource by hand, correct it and confirm it, refusing swapped coordinates and FAX without a number', async () => {
    const { page, problems } = await signInDemo(browser, 'admin');
    await page.goto(`${baseUrl()}/directory`);
    await page.getByRole('link', { name: '資源を手入力で登録' }).click();
    await page.getByRole('heading', { name: '社会資源を手入力で登録', level: 1 }).waitFor();
    const form = page.locator('form');
    await form.getByLabel('名称', { exact: true }).fill('グループホームてびき');
    await form.getByLabel('名称（ふりがな）').fill('ぐるーぷほーむてびき');
    await form.getByLabel('区分').selectOption({ label: '住まい' });
    await form.getByLabel('機関種別').selectOption({ label: 'グループホーム' });
    await form.getByRole('checkbox', { name: /^南部地区/ }).check();
    // Latitude and longitude swapped, and FAX preferred without a number: refused on the page.
    await form.getByLabel('緯度', { exact: true }).fill('139.51');
    await form.getByLabel('経度', { exact: true }).fill('33.07');
    await form.getByLabel('希望する連絡手段').selectOption({ label: 'FAX' });
    await form.getByRole('button', { name: '登録する' }).click();
    const summary = page.getByRole('alert').first();
    await summary.getByText('「緯度」は90以下にしてください。').waitFor();
    await summary.getByText('FAXでの連絡を希望する機関には、FAX番号を入力してください。').waitFor();
    // A longitude mistyped (39 for 139): a point at sea far from Japan, refused too.
    await form.getByLabel('緯度', { exact: true }).fill('33.07');
    await form.getByLabel('経度', { exact: true }).fill('39.51');
    await form.getByRole('button', { name: '登録する' }).click();
    await summary.getByText(/^緯度・経度が日本の範囲/).waitFor();
    expect(page.url()).toMatch(/\/directory\/new$/);

    await form.getByLabel('緯度', { exact: true }).fill('33.07');
    await form.getByLabel('経度', { exact: true }).fill('139.51');
    await form.getByLabel('FAX番号').fill('099-000-9902');
    await form.getByLabel('電話番号').fill('099-000-9901');
    await form.getByRole('button', { name: '登録する' }).click();
    await page.getByRole('heading', { name: 'グループホームてびき', level: 1 }).waitFor();
    await page.getByText('資源を登録しました。').waitFor();
    const record = page.getByRole('region', { name: '情報の出どころと確認' });
    await record.getByText('手入力').waitFor();
    await record.getByText('管理 太郎').waitFor();

    // A correction: the new number, dialable, and the save recorded as a confirmation.
    await page.getByRole('link', { name: '内容を訂正' }).click();
    await page.getByRole('heading', { name: '社会資源の内容を訂正', level: 1 }).waitFor();
    await page.getByLabel('電話番号').fill('099-000-9903');
    await page.getByRole('button', { name: '保存する' }).click();
    await page.getByText('内容を訂正しました（最終確認も記録しました）。').waitFor();
    expect(
      await page
        .getByRole('main')
        .getByRole('link', { name: /099-000-9903/ })
        .first()
        .getAttribute('href'),
    ).toBe('tel:0990009903');
    await page.getByRole('button', { name: '今も正しいと確認した' }).click();
    await page.getByText('最終確認を記録しました。').waitFor();

    // Found by part of its reading, without tsunagu.
    await page.goto(`${baseUrl()}/directory?q=${encodeURIComponent('てびき')}`);
    const card = page.locator('.directory-results > li', { hasText: 'グループホームてびき' });
    await card.getByText('つなぐ未使用').waitFor();
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('lets a system admin set the centre of a 日常生活圏域, refusing a point outside Japan', async () => {
    const { page, problems } = await signInDemo(browser, 'admin');
    await page.goto(`${baseUrl()}/settings/regions`);
    await page.getByRole('heading', { name: '圏域', level: 1 }).waitFor();
    await page.getByRole('button', { name: '編集: 北部地区' }).click();
    const dialog = page.getByRole('dialog', { name: '「北部地区」を編集' });
    await dialog.getByLabel('中心の緯度').fill('35.1');
    await dialog.getByLabel('中心の経度').fill('35.1');
    await dialog.getByRole('button', { name: '保存する' }).click();
    await dialog
      .getByRole('alert')
      .getByText(/日本の範囲/)
      .waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'regions-centre-desktop');
    await dialog.getByLabel('中心の緯度').fill('33.07');
    await dialog.getByLabel('中心の経度').fill('139.51');
    await dialog.getByRole('button', { name: '保存する' }).click();
    await page.getByText('中心 33.07, 139.51').waitFor();
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
