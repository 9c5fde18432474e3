import { createRequire } from 'node:module';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { Secret, TOTP } from 'otpauth';
import { inject } from 'vitest';
import { demoEmail, DEMO_PASSWORD } from '../server/src/demo/demo-data.ts';
import { demoTotpSecret } from '../server/src/demo/seed-demo.ts';

/** Debian's Chromium through playwright-core; never a downloaded browser. */
const chromiumOptions = {
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
};

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch(chromiumOptions);
}

/**
 * A browser profile of its own on disk (not incognito, as every context of launchBrowser is): what
 * installing an app needs, since Chromium never installs from an incognito window. Close it, and
 * the returned `remove` deletes the profile.
 */
export async function launchProfile(viewport: {
  width: number;
  height: number;
}): Promise<{ context: BrowserContext; remove: () => void }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tsunagu-e2e-profile-'));
  const context = await chromium.launchPersistentContext(dir, {
    ...chromiumOptions,
    viewport,
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
  });
  return { context, remove: () => rmSync(dir, { recursive: true, force: true }) };
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

/** Axe's serious and critical findings (the ones that stop someone using the page). */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  return (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * How journeys sign in without colliding (replay protection stays whole: the server accepts each
 * authenticator step once, and only a step newer than the last one it accepted for that account).
 *
 * 1. An account signs in through the screens once per run; every later journey of that account
 *    opens a fresh browser context from the stored browser state (the session cookie), so journeys
 *    never race for codes. A journey that signs out or must show the sign-in screens asks for
 *    `fresh: true` and gets a session of its own.
 * 2. Every code typed into the screens comes from one ledger shared by all test files (a file per
 *    account under the run's state directory, taken under a lock): it hands out each step once,
 *    always newer than the last, starting from the current one (never the one before: it may expire
 *    in transit), and waits for the next 30-second step when the two ahead are used up. No code is ever refused,
 *    so no failed attempt counts towards the account's lockout.
 */
const stateDir = () => inject('e2eStateDir');
const STEP_MS = 30_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function withAccountLock<T>(local: string, work: () => Promise<T>): Promise<T> {
  const lock = path.join(stateDir(), `${local}.lock`);
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (Date.now() > deadline)
        throw new Error(`the sign-in ledger of ${local} stayed locked`, { cause: error });
      await sleep(25);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** The demo account's next authenticator code from the shared ledger (waits when the window is used up). */
export async function demoTotpCode(local: string): Promise<string> {
  const step = await withAccountLock(local, async () => {
    const file = path.join(stateDir(), `${local}.step`);
    const last = existsSync(file) ? Number(readFileSync(file, 'utf8')) : -Infinity;
    // Never the step before the current one: it may end while a loaded machine is still posting it
    // (a code taken 29 s into a step had a second to arrive, and ci1 of issue 13 lost that race). The
    // current step stays accepted for 30–60 s more, the next one for 60–90 s.
    const taken = Math.max(Math.floor(Date.now() / STEP_MS), last + 1);
    // The server accepts the current step ±1: a step two ahead waits until it is the next one.
    const waitMs = (taken - 1) * STEP_MS + 200 - Date.now();
    if (waitMs > 0) await sleep(waitMs);
    writeFileSync(file, String(taken));
    return taken;
  });
  const totp = new TOTP({
    secret: Secret.fromBase32(demoTotpSecret(demoEmail(local))),
    digits: 6,
    period: 30,
    algorithm: 'SHA1',
  });
  return totp.generate({ timestamp: step * STEP_MS });
}

export { demoEmail, DEMO_PASSWORD };

/** A signed-in page of a demo account, with the page's errors collected. */
export interface SignedInPage {
  page: Page;
  problems: string[];
}

export interface SignInOptions {
  viewport?: { width: number; height: number };
  /** Console errors that are expected answers in this journey (401 before sign-in always is). */
  expectedErrors?: RegExp;
  /** A session of its own, signed in through the screens (for a journey that signs out). */
  fresh?: boolean;
}

/** Signs a demo account in (see the rule above) in a fresh browser context, on the home page. */
export async function signInDemo(
  browser: Browser,
  local: string,
  options: SignInOptions = {},
): Promise<SignedInPage> {
  const viewport = options.viewport ?? { width: 1280, height: 900 };
  const stored = path.join(stateDir(), `${local}.state.json`);
  const reuse = !options.fresh && existsSync(stored);
  const context = await browser.newContext({
    viewport,
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    ...(reuse ? { storageState: stored } : {}),
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (m.type() !== 'error' || /401|Unauthorized/.test(m.text())) return;
    if (options.expectedErrors?.test(m.text())) return;
    problems.push(m.text());
  });
  await page.goto(baseUrl() + '/');
  const home = page.getByRole('heading', { name: 'ホーム', level: 1 });
  const signInForm = page.getByLabel('メールアドレス');
  await home.or(signInForm).first().waitFor();
  if (await home.isVisible()) return { page, problems };

  await signInThroughScreens(page, local);
  await home.waitFor();
  if (!options.fresh) await context.storageState({ path: stored });
  return { page, problems };
}

/**
 * Signs a demo account in on the sign-in screen the page shows: e-mail and password, then a code
 * from the shared ledger. The app then goes where it was asked to (the home page, or `next`).
 */
export async function signInThroughScreens(page: Page, local: string): Promise<void> {
  await page.getByLabel('メールアドレス').fill(demoEmail(local));
  await page.getByLabel('パスワード', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'サインイン' }).click();
  // The code is taken once its field is there (the password check can be slow under load), not before.
  const codeField = page.getByLabel('確認コード（6桁）');
  await codeField.waitFor();
  await codeField.fill(await demoTotpCode(local));
  await page.getByRole('button', { name: '確認する' }).click();
}
