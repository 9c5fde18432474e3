import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { baseUrl, launchBrowser, signInDemo, signInThroughScreens } from './browser.ts';
import { apiOf } from './api.ts';

/**
 * Sessions end when people stop, as the browser sees it (what the server does with it is tested
 * on the server with its injected clock). The page's clock is Playwright's, moved by the test:
 * what the screen asks by itself carries `x-tsunagu-background: 1`; typing sends the activity
 * signal; a draft survives its session ending, for the same user only.
 */

let browser: Browser;
let messagesPath: string;
const PERSON = '佐藤 みらい';

beforeAll(async () => {
  browser = await launchBrowser();
  const { page } = await signInDemo(browser, 'kango');
  const found = (await (await apiOf(page)).get(`/api/persons?q=${encodeURIComponent('佐藤')}`)).persons as {
    id: string;
    name: string;
  }[];
  messagesPath = `/persons/${found.find((p) => p.name === PERSON)!.id}/messages`;
  await page.context().close();
}, 120_000);

afterAll(async () => browser?.close());

interface Sent {
  method: string;
  path: string;
  background: boolean;
}

/** Every API request the page sends from now on, with whether it was marked as background. */
function recordApiRequests(page: Page): Sent[] {
  const sent: Sent[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (!url.pathname.startsWith('/api/')) return;
    sent.push({
      method: request.method(),
      path: url.pathname,
      background: request.headers()['x-tsunagu-background'] === '1',
    });
  });
  return sent;
}

/**
 * After the server has ended the session: acting on the screen (`act`) finds that out and the
 * sign-in page comes — unless one of the screen's own requests found it out first, which is as good.
 */
async function findSessionEnded(page: Page, act: Locator): Promise<void> {
  await act.click({ timeout: 5_000 }).catch(() => undefined);
  await page.getByLabel('メールアドレス').waitFor();
}

const composerBody = (page: Page) => page.locator('#message-composer').getByLabel('本文');

/** From the home page to the person's team messages by links, in the same document (drafts live in its memory). */
async function openMessagesInApp(page: Page): Promise<void> {
  await page.getByRole('table').getByRole('link', { name: PERSON }).first().click();
  await page.getByRole('heading', { name: PERSON, level: 1 }).waitFor();
  await page
    .getByRole('navigation', { name: 'この方について' })
    .getByRole('link', { name: /チームの連絡/ })
    .click();
  await composerBody(page).waitFor();
}

describe('sessions end when people stop (the browser’s side)', () => {
  it('what the screen asks by itself is background; typing on a quiet screen sends the activity signal', async () => {
    const { page, problems } = await signInDemo(browser, 'kango');
    await page.clock.install();
    await page.goto(`${baseUrl()}/on-call`);
    await page.getByRole('heading', { name: '今の当番', level: 1 }).waitFor();
    await page.locator('.loading').first().waitFor({ state: 'detached' });

    // Left alone: the minute's poll of who is on call is marked, and nothing claims activity.
    const quiet = recordApiRequests(page);
    await page.clock.runFor(65_000);
    await expect
      .poll(() => quiet.filter((r) => r.path === '/api/on-call/now').length)
      .toBeGreaterThanOrEqual(1);
    expect(quiet.filter((r) => !r.background)).toEqual([]);

    // A note written on a screen that sends nothing: quiet for three minutes, then typing.
    await page.goto(`${baseUrl()}${messagesPath}`);
    const body = composerBody(page);
    await body.waitFor();
    await page.locator('.loading').first().waitFor({ state: 'detached' });
    const writing = recordApiRequests(page);
    await page.clock.runFor(3 * 60_000);
    expect(writing.filter((r) => r.path === '/api/auth/activity')).toEqual([]);
    expect(writing.filter((r) => !r.background)).toEqual([]);
    await body.pressSequentially('本人と今週の暮らしを振り返りました。');
    await page.clock.runFor(6_000);
    await expect
      .poll(() => writing.filter((r) => r.path === '/api/auth/activity'))
      .toEqual([{ method: 'POST', path: '/api/auth/activity', background: false }]);

    // The signal told the server; the screen's next requests of its own are background again.
    const after = recordApiRequests(page);
    await page.clock.runFor(3 * 60_000);
    expect(after.filter((r) => !r.background)).toEqual([]);
    expect(problems).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('keeps a draft through signing in again as the same user, and drops it on sign-out or another user’s sign-in', async () => {
    const { page } = await signInDemo(browser, 'kango', { fresh: true });
    const endSessionOnServer = async () => (await apiOf(page)).post('/api/auth/sign-out', {});
    await page.goto(`${baseUrl()}${messagesPath}`);
    const draft = `E2E ${Date.now().toString(36)} 夕方に訪問し、服薬の様子を確かめました。`;
    await composerBody(page).fill(draft);

    // The session ends while the note is written (the server forgot it); sending finds that out.
    const send = page.locator('#message-composer').getByRole('button', { name: '送信する' });
    await endSessionOnServer();
    await findSessionEnded(page, send);
    expect(new URL(page.url()).searchParams.get('next')).toBe(messagesPath);
    await signInThroughScreens(page, 'kango');
    await composerBody(page).waitFor();
    expect(await composerBody(page).inputValue()).toBe(draft);

    // Signing out on this browser drops it.
    await page.locator('.user-menu__button').click();
    await page.getByRole('button', { name: 'サインアウト' }).click();
    await page.getByLabel('メールアドレス').waitFor();
    await signInThroughScreens(page, 'kango');
    await page.getByRole('heading', { name: 'ホーム', level: 1 }).waitFor();
    await openMessagesInApp(page);
    expect(await composerBody(page).inputValue()).toBe('');

    // Another user signing in on this browser after a lost session does not get it.
    await composerBody(page).fill(draft);
    await endSessionOnServer();
    await findSessionEnded(page, send);
    await signInThroughScreens(page, 'soudan');
    await composerBody(page).waitFor();
    expect(await composerBody(page).inputValue()).toBe('');
    await page.context().close();
  }, 240_000);

  it('keeps a 連絡記録 being written in the same way, for the same user', async () => {
    const { page } = await signInDemo(browser, 'soudan', { fresh: true });
    const personTab = (name: string | RegExp) =>
      page.getByRole('navigation', { name: 'この方について' }).getByRole('link', { name });
    await page.goto(`${baseUrl()}${messagesPath.replace(/\/messages$/, '/liaison')}`);
    const contact = page.locator('#contact-log');
    const counterpart = `E2E ${Date.now().toString(36)} グループホーム 世話人`;
    const content = '夜の様子を電話で聞きました。眠れているとのことです。';
    await page.getByRole('button', { name: '連絡記録をつける' }).click();
    await contact.getByLabel('相手', { exact: true }).fill(counterpart);
    await contact.getByLabel('話したこと・伝えたこと').fill(content);

    // The session ends meanwhile; the next screen asked for finds that out.
    await (await apiOf(page)).post('/api/auth/sign-out', {});
    await findSessionEnded(page, personTab(/チームの連絡/));
    await signInThroughScreens(page, 'soudan');
    await page.getByRole('heading', { name: PERSON, level: 1 }).waitFor();

    // Back on the tab by its link (the same document): the form holds what was typed.
    await personTab('連携シート・連絡記録').click();
    await page.getByRole('button', { name: '連絡記録をつける' }).click();
    expect(await contact.getByLabel('相手', { exact: true }).inputValue()).toBe(counterpart);
    expect(await contact.getByLabel('話したこと・伝えたこと').inputValue()).toBe(content);
    await page.context().close();
  }, 240_000);
});
