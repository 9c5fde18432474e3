import type { Page } from 'playwright-core';
import { addDays, tokyoDate } from '@tsunagu/contract/tokyo-time';

/** Steps the plan journeys share: a Tokyo date, consent from the person page, agreement. */

/** A Tokyo date `days` from today, as a date input takes it. */
export function daysFromNow(days: number): string {
  return addDays(tokyoDate(new Date()), days);
}

/** Records the person's written consent for an organisation on the team, from the person page. */
export async function recordConsent(page: Page, organisation: string, categories: string[]): Promise<void> {
  const consent = page.locator('#record-grant');
  await consent.getByLabel('提供先の機関').selectOption({ label: organisation });
  for (const category of categories)
    await consent.getByRole('checkbox', { name: category, exact: true }).check();
  await consent.getByRole('radio', { name: '本人の同意' }).check();
  await consent.getByRole('radio', { name: '書面' }).check();
  await consent.getByRole('button', { name: '同意を記録する' }).click();
  await consent.getByText(`同意を記録しました。（${organisation}）`).waitFor();
}

/** Records the person's agreement (書面) to the latest draft, on the plan page. */
export async function recordAgreement(page: Page): Promise<void> {
  const agreement = page.locator('#plan-agreement');
  await agreement.getByRole('radio', { name: '書面' }).check();
  await agreement.getByLabel('同意の記録（署名・同席者など）').fill('本人署名');
  await agreement.getByRole('button', { name: '同意を記録する' }).click();
  await page.getByText('本人の同意を記録しました。').waitFor();
  await page
    .getByText(/本人の同意: \d{4}年\d+月\d+日.*（書面）/)
    .first()
    .waitFor();
}

/** Records the person's agreement to the latest draft and confirms it, on the plan page. */
export async function agreeAndConfirm(page: Page): Promise<void> {
  await recordAgreement(page);
  await page.getByRole('button', { name: '第1版を確定する' }).click();
  await page.getByText('第1版を確定しました。').waitFor();
  await page.locator('.plan-steps__step--now', { hasText: '確定' }).waitFor();
}

/** Registers a person of the signed-in office (planning consultation) and opens their page; answers their id. */
export async function registerPlanPerson(page: Page, name: string, kana: string): Promise<string> {
  await page.getByRole('link', { name: '本人を登録' }).click();
  await page.getByLabel('氏名', { exact: true }).fill(name);
  await page.getByLabel('ふりがな', { exact: true }).fill(kana);
  await page.getByLabel('生年月日').fill('1988-06-01');
  await page.getByRole('radio', { name: '利用している' }).check();
  await page.getByLabel('チームでのあなたの機関の役割').selectOption({ label: '計画相談担当' });
  await page.getByRole('button', { name: '登録する' }).click();
  await page.getByRole('heading', { name, level: 1 }).waitFor();
  return new URL(page.url()).pathname.split('/').pop() ?? '';
}

/** Adds an organisation to the person's team from the person page. */
export async function addTeamOrganisation(page: Page, organisation: string, role: string): Promise<void> {
  await page.getByRole('button', { name: 'チームに加える' }).click();
  const dialog = page.getByRole('dialog', { name: 'チームに機関・職員を加える' });
  // The organisation is found by searching the directory (its name, or part of it, is enough).
  await dialog.getByRole('searchbox', { name: '機関', exact: true }).fill(organisation);
  await dialog.getByRole('button', { name: '探す', exact: true }).click();
  await dialog.getByRole('radio', { name: new RegExp(`^${organisation}`) }).click();
  await dialog.getByLabel('役割').selectOption({ label: role });
  await dialog.getByRole('button', { name: 'チームに加える' }).click();
  await page.locator('#team').getByText('チームに加えました。').waitFor();
}
