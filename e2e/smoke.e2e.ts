import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  axeViolations,
  baseUrl,
  DEMO_PASSWORD,
  demoEmail,
  demoTotpCode,
  launchBrowser,
  screenshot,
} from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

describe('smoke: a demo user signs in through two-factor', () => {
  it('shows the Japanese sign-in page, passes two-factor and reaches home', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP' });
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && !/401|Unauthorized/.test(m.text())) problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));

    await page.goto(baseUrl() + '/');
    await page.getByRole('heading', { name: 'サインイン' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('ja');
    await screenshot(page, 'smoke-01-sign-in');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel('メールアドレス').fill(demoEmail('admin'));
    await page.getByLabel('パスワード', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'サインイン' }).click();

    await page.getByRole('heading', { name: '二要素認証' }).waitFor();
    // The demo box shows the current code; the test computes its own from the demo secret.
    await page.getByText('デモ用').first().waitFor();
    await page.getByLabel('確認コード（6桁）').fill(await demoTotpCode('admin'));
    await page.getByRole('button', { name: '確認する' }).click();

    // The greeting follows the hour in Tokyo (おはようございます 5–10, こんにちは 10–18, こんばんは 18–5).
    await page.getByText(/管理 太郎 さん、(おはようございます|こんにちは|こんばんは)。/).waitFor();
    await screenshot(page, 'smoke-02-home');
    expect(await axeViolations(page)).toEqual([]);

    // Signing out returns to the sign-in page (and lets this device's push subscription go).
    await page.getByRole('button', { name: /管理 太郎 さん/ }).click();
    await page.getByRole('button', { name: 'サインアウト' }).click();
    await page.getByRole('heading', { name: 'サインイン' }).waitFor();
    expect(problems).toEqual([]);
    await page.close();
  });
});
