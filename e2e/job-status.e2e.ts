import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { axeViolations, launchBrowser, screenshot, signInDemo } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

describe('background work, for the system administrator', () => {
  it('opens バックグラウンド処理の状況 through 設定: nothing failed or overdue, the jobs counted by kind and state', async () => {
    const { page, problems } = await signInDemo(browser, 'admin');
    const nav = page.getByRole('navigation', { name: 'メインメニュー' });
    await nav.getByRole('link', { name: '設定' }).click();
    await page.getByRole('heading', { name: '設定', level: 1 }).waitFor();
    const main = page.getByRole('main');
    await main.getByRole('link', { name: 'バックグラウンド処理の状況' }).click();
    await page.getByRole('heading', { name: 'バックグラウンド処理の状況', level: 1 }).waitFor();
    await main.getByText('失敗した処理も、時間を超過している処理もありません。').waitFor();
    // The server's first hour of pruning ran at its start.
    const counts = main.getByRole('table', { name: '処理の種類ごとの件数' });
    await counts.getByRole('rowheader', { name: '古い記録の整理' }).waitFor();
    await main.getByRole('button', { name: '最新の状況を読み込む' }).click();
    await main.getByText('失敗した処理も、時間を超過している処理もありません。').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'settings-job-status');
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
