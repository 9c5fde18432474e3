import { createRequire } from 'node:module';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { Secret, TOTP } from 'otpauth';
import { inject } from 'vitest';
import { demoEmail, DEMO_PASSWORD } from '../server/src/demo/demo-data.ts';
import { demoTotpSecret } from '../server/src/demo/seed-demo.ts';

/** Debian's Chromium through playwright-core; never a downloaded browser. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
  });
}

export const baseUrl = () => inject('baseUrl');

export const screenshotDir = path.resolve(import.meta.dirname, 'screenshots');

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core in the page (through the DevTools protocol, so the page's CSP still applies to the app). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  const result = await page.evaluate<{ violations: AxeViolation[] }>(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })`,
  );
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target })),
  }));
}

const usedSteps = new Map<string, number>();
/** The demo account's next TOTP code (each 30-second step is accepted once). */
export function demoTotpCode(local: string): string {
  const email = demoEmail(local);
  const step = Math.max(Math.floor(Date.now() / 30_000), (usedSteps.get(email) ?? 0) + 1);
  usedSteps.set(email, step);
  const totp = new TOTP({
    secret: Secret.fromBase32(demoTotpSecret(email)),
    digits: 6,
    period: 30,
    algorithm: 'SHA1',
  });
  return totp.generate({ timestamp: step * 30_000 });
}

export { demoEmail, DEMO_PASSWORD };

/** A signed-in page of a demo account, with the page's errors collected. */
export interface SignedInPage {
  page: Page;
  problems: string[];
}

/**
 * Signs a demo account in through the screens in a fresh browser context. Each authenticator
 * step signs an account in once, and only a step newer than the last one used; the step before
 * the current one is tried first (the server accepts ±1), so that another journey signing the
 * same account in with the current step still can. Refused attempts are expected answers.
 */
export async function signInDemo(
  browser: Browser,
  local: string,
  viewport: { width: number; height: number } = { width: 1280, height: 900 },
): Promise<SignedInPage> {
  const context = await browser.newContext({ viewport, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/401|Unauthorized/.test(m.text())) problems.push(m.text());
  });
  await page.goto(baseUrl() + '/');
  await page.getByLabel('メールアドレス').fill(demoEmail(local));
  await page.getByLabel('パスワード', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'サインイン' }).click();
  const totp = new TOTP({
    secret: Secret.fromBase32(demoTotpSecret(demoEmail(local))),
    digits: 6,
    period: 30,
  });
  const now = Math.floor(Date.now() / 30_000);
  for (const step of [now - 1, now, now + 1]) {
    await page.getByLabel('確認コード（6桁）').fill(totp.generate({ timestamp: step * 30_000 }));
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/auth/totp'));
    await page.getByRole('button', { name: '確認する' }).click();
    if ((await answer).ok()) {
      await page.getByRole('heading', { name: 'ホーム', level: 1 }).waitFor();
      return { page, problems };
    }
  }
  throw new Error(`no authenticator step was accepted for ${local}`);
}
