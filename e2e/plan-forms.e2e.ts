import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { axeViolations, baseUrl, launchBrowser, screenshot, signInDemo } from './browser.ts';
import {
  addTeamOrganisation,
  daysFromNow,
  recordAgreement,
  recordConsent,
  registerPlanPerson,
} from './plan-steps.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

// Expected answers: the 400 of a slot ending before it starts and the 409 of confirming without a
// meeting (each named beside its field).
const signIn = (local: string, viewport?: { width: number; height: number }) =>
  signInDemo(browser, local, {
    expectedErrors: /400|409|Bad Request|Conflict/,
    ...(viewport ? { viewport } : {}),
  });

/** The page is no wider than the screen (nothing to scroll sideways on a phone). */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const scroll = await page.evaluate<number>('document.documentElement.scrollWidth');
  const width = await page.evaluate<number>('window.innerWidth');
  expect(scroll).toBeLessThanOrEqual(width);
}

/** One day's block of the 週間計画表 editor. */
const day = (form: Locator, name: string) => form.getByRole('group', { name, exact: true });

/** Fills the last slot of a day's block. */
async function fillLastSlot(
  block: Locator,
  slot: { start: string; end: string; kind?: string; text: string },
) {
  await block.getByLabel('開始時刻').last().fill(slot.start);
  await block.getByLabel('終了時刻').last().fill(slot.end);
  if (slot.kind) await block.getByLabel('区分').last().selectOption({ label: slot.kind });
  await block.getByLabel('内容').last().fill(slot.text);
}

describe('the 様式 of 計画相談: header and 週間計画表, サービス担当者会議, 交付, モニタリング報告書', () => {
  const stamp = Date.now().toString(36);
  const name = `様式 試子${stamp}`;
  const need = `E2E ${stamp} 日中に通う場所がほしい`;
  const goal = `E2E ${stamp} 週4日、作業所に通い続ける`;
  let planUrl = '';

  it('writes the plan with its header and the 週間計画表 on a desk, confirms it on a meeting, records 交付 and prints a モニタリング報告書', async () => {
    const { page, problems } = await signIn('soudan');
    await registerPlanPerson(page, name, 'ようしき ためこ');
    await addTeamOrganisation(page, '就労継続支援B型そよかぜ', 'サービス事業所');
    await page.getByRole('button', { name: '同意を記録' }).click();
    await recordConsent(page, '相談支援事業所ひだまり', ['福祉サービス', 'クライシス']);

    await page.locator('#plans').getByRole('link', { name: 'サービス等利用計画を作る' }).click();
    const form = page.locator('#service-use-plan');
    await form.waitFor();
    // The header of the 様式; the author is the one writing.
    expect(await form.getByLabel('計画作成担当者').inputValue()).toBe('相田 みどり');
    await form.getByLabel('障害支援区分').selectOption({ label: '区分3' });
    await form.getByLabel('障害福祉サービス受給者証番号').fill('１２３４５６７８９０');
    await form.getByLabel('利用者負担上限額（月額・円）').fill('9300');
    await form.getByLabel('支給決定日').fill(daysFromNow(0));
    await form.getByLabel('本人の意向（希望する生活）').fill('「作業所に通って、パンを焼きたい」');
    await form.getByLabel('総合的な援助の方針').fill('日中の居場所と生活リズムを整える。');
    await form.getByLabel('長期目標').fill('一般就労に向けて自信をつける。');
    await form.getByLabel('短期目標').fill('作業所に週4日通う。');
    await form.getByLabel('優先順位').fill('1');
    await form.getByLabel('解決すべき課題（本人のニーズ）').fill(need);
    await form.getByLabel('支援目標').fill(goal);
    await form.getByLabel('達成時期').fill(daysFromNow(180));
    await form.getByLabel('種類', { exact: true }).fill('就労継続支援B型');

    // The week: Monday's service, copied to Tuesday; Sunday the person's own time; the day's rhythm.
    const monday = day(form, '月曜日');
    await monday.getByRole('button', { name: '月曜日に予定を加える' }).click();
    await fillLastSlot(monday, { start: '10:00', end: '15:00', text: '就労継続支援B型（パン工房）' });
    await day(form, '火曜日').getByRole('button', { name: '火曜日を月曜日と同じにする' }).click();
    expect(await day(form, '火曜日').getByLabel('内容').inputValue()).toBe('就労継続支援B型（パン工房）');
    const sunday = day(form, '日曜日・祝日');
    await sunday.getByRole('button', { name: '日曜日・祝日に予定を加える' }).click();
    await fillLastSlot(sunday, { start: '13:00', end: '17:00', kind: '本人の活動', text: '姉と買い物' });
    // A slot that ends before it starts is named beside its field.
    await sunday.getByRole('button', { name: '日曜日・祝日に予定を加える' }).click();
    await fillLastSlot(sunday, { start: '18:00', end: '17:00', kind: '本人の活動', text: '夕食' });
    const activities = day(form, '主な日常生活上の活動');
    await activities.getByRole('button', { name: '活動を加える' }).click();
    await activities.getByLabel('活動 1 の時刻').fill('07:00');
    await activities.getByLabel('活動 1 の内容').fill('起床・朝食');
    await form.getByLabel('週単位以外のサービス').fill('月1回 こころのクリニック受診');
    await form.getByRole('button', { name: '計画案として保存する' }).click();
    await form.locator('#service-use-plan-weeklySchedule-slots-3-end-error').getByText('開始時刻').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'plan-forms-weekly-editor');
    await sunday.getByRole('button', { name: '日曜日・祝日の予定 2を外す' }).click();
    await form.getByRole('button', { name: '計画案として保存する' }).click();

    await page.getByRole('heading', { name: 'サービス等利用計画', exact: true, level: 1 }).waitFor();
    planUrl = page.url();
    const document = page.locator('.plan-document');
    await document.getByText('1234567890').waitFor();
    await document.getByText('9,300円').waitFor();
    const week = document.locator('.weekly-table');
    await week.locator('td[data-label="月曜日"]').getByText('就労継続支援B型（パン工房）').waitFor();
    await week.locator('td[data-label="火曜日"]').getByText('10:00〜15:00').waitFor();
    await week.getByText('姉と買い物').waitFor();
    await document.getByText('07:00 起床・朝食').waitFor();

    // After the 支給決定, 確定 needs a meeting on this version or the reason there was none.
    await recordAgreement(page);
    const confirm = page.locator('#plan-confirm');
    await confirm.getByText(/支給決定（.+）の後の確定には/).waitFor();
    await confirm.getByRole('button', { name: '第1版を確定する' }).click();
    await confirm.locator('#plan-confirm-noMeetingReason-error').getByText('サービス担当者会議').waitFor();

    const meetings = page.locator('#meetings');
    await meetings.getByRole('button', { name: 'サービス担当者会議を記録' }).click();
    const meeting = meetings.locator('#plan-meeting');
    expect(await meeting.getByLabel('検討した計画の版').inputValue()).toBe('1');
    await meeting.getByLabel('開始時刻').fill('14:00');
    await meeting.getByLabel('終了時刻').fill('15:00');
    await meeting.getByLabel('開催場所').fill('相談支援事業所ひだまり 相談室');
    await meeting.getByLabel('氏名').fill(name);
    await meeting.getByLabel('職種・役割').fill('本人');
    await meeting.getByRole('button', { name: '出席者を加える' }).click();
    await meeting.getByLabel('氏名').last().fill('佐分 かん');
    await meeting.getByLabel('職種・役割').last().fill('サービス管理責任者');
    await meeting.getByLabel('所属').last().fill('就労継続支援B型そよかぜ');
    await meeting.getByLabel('検討した項目').fill('通所の曜日と時間');
    await meeting.getByLabel('結論', { exact: true }).fill('月・火の10時から。');
    await meeting.getByRole('button', { name: 'この内容で記録する' }).click();
    await meetings.getByText('サービス担当者会議を記録しました。').waitFor();
    const card = meetings.locator('.meeting-card');
    await card.getByText('第1版について').waitFor();
    await card.getByText('月・火の10時から。').waitFor();
    await card.getByText(/佐分 かん（就労継続支援B型そよかぜ サービス管理責任者）/).waitFor();
    await page.locator('#plan-confirm').getByRole('button', { name: '第1版を確定する' }).click();
    await page.getByText('第1版を確定しました。').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'plan-forms-meeting');

    // 交付: to the person and the provider.
    const deliveries = page.locator('#deliveries');
    await deliveries.getByRole('button', { name: '交付を記録' }).click();
    await deliveries.getByRole('radio', { name: '手渡し' }).check();
    await deliveries.getByRole('checkbox', { name: '就労継続支援B型そよかぜ' }).check();
    await deliveries.getByRole('button', { name: 'この内容で記録する' }).click();
    await deliveries.getByText('交付を記録しました。').waitFor();
    await deliveries.getByText('交付先: 本人、就労継続支援B型そよかぜ').waitFor();

    // モニタリング with the report's columns, and its PDF.
    const monitoring = page.locator('#monitoring');
    await monitoring.getByRole('button', { name: 'モニタリングを記録', exact: true }).click();
    await monitoring.getByLabel('本人の話（本人の言葉で）').fill('「作業所は楽しい」');
    await monitoring.getByLabel('全体の状況').fill('週4日通えている。');
    await monitoring.getByLabel(`「${goal}」の支援目標の達成度`).selectOption({ label: '進んでいる' });
    await monitoring
      .getByLabel(`「${goal}」のサービス提供状況（事業者からの聞き取り）`)
      .fill('休まず通っている（そよかぜより）');
    await monitoring.getByLabel(`「${goal}」についての本人の感想・満足度`).fill('満足している');
    await monitoring.getByLabel(`「${goal}」の今後の課題・解決方法`).fill('販売の仕事にも挑戦する');
    await monitoring.getByRole('checkbox', { name: '週間計画の変更' }).check();
    await monitoring.getByLabel('変更が必要な点').fill('金曜日も通いたい（本人の希望）');
    await monitoring.getByRole('button', { name: 'この内容で記録する' }).click();
    await monitoring.getByText('モニタリングを記録しました。').waitFor();
    await monitoring.getByText('変更が必要: 週間計画の変更').waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      monitoring.getByRole('link', { name: /モニタリング報告書の PDF をダウンロード/ }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^モニタリング報告書_.+\.pdf$/);
    const pdf = readFileSync(await download.path());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'plan-forms-monitoring');

    expect(problems).toEqual([]);
    await page.context().close();
  }, 240_000);

  it('edits the 週間計画表 on a phone (360 px), without sideways scrolling', async () => {
    const { page, problems } = await signIn('soudan', { width: 360, height: 780 });
    await page.goto(planUrl);
    await page.getByRole('heading', { name: 'サービス等利用計画', exact: true, level: 1 }).waitFor();
    await expectNoSidewaysScroll(page);
    await page.locator('.weekly-table').getByText('姉と買い物').waitFor();
    await screenshot(page, 'plan-forms-weekly-view-phone');

    await page.getByRole('link', { name: '新しい版を作る' }).click();
    const form = page.locator('#service-use-plan');
    await form.waitFor();
    expect(await day(form, '月曜日').getByLabel('内容').inputValue()).toBe('就労継続支援B型（パン工房）');
    const friday = day(form, '金曜日');
    await friday.getByRole('button', { name: '金曜日に予定を加える' }).click();
    await fillLastSlot(friday, { start: '10:00', end: '15:00', text: '就労継続支援B型（パン工房）' });
    await form.getByLabel('変更の内容・理由').fill('本人の希望で金曜日も通う。');
    await expectNoSidewaysScroll(page);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'plan-forms-weekly-editor-phone');
    await form.getByRole('button', { name: '新しい版として保存する' }).click();
    await page.getByText('確定している版は第1版です。').waitFor();
    const week = page.locator('.plan-document .weekly-table');
    await week.locator('td[data-label="金曜日"]').getByText('10:00〜15:00').waitFor();
    await expectNoSidewaysScroll(page);

    // The meeting form on a phone, then 確定 of the new version with the reason there was no meeting.
    const meetings = page.locator('#meetings');
    await meetings.getByRole('button', { name: 'サービス担当者会議を記録' }).click();
    await meetings.locator('#plan-meeting').getByLabel('開催場所').waitFor();
    await expectNoSidewaysScroll(page);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'plan-forms-meeting-form-phone');
    await meetings.getByRole('button', { name: 'キャンセル' }).click();
    await recordAgreement(page);
    const confirm = page.locator('#plan-confirm');
    await confirm
      .getByLabel('サービス担当者会議を開催しなかった理由')
      .fill('そよかぜに電話で照会し、金曜日の受け入れを確認した。');
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'plan-forms-confirm-reason-phone');
    await confirm.getByRole('button', { name: '第2版を確定する' }).click();
    await page.getByText('第2版を確定しました。').waitFor();
    await page
      .getByText(
        'サービス担当者会議を開催しなかった理由: そよかぜに電話で照会し、金曜日の受け入れを確認した。',
      )
      .first()
      .waitFor();
    await page.goto(`${baseUrl()}${new URL(planUrl).pathname}/history`);
    await page
      .getByRole('row', { name: /週間計画表/ })
      .first()
      .waitFor();
    expect(problems).toEqual([]);
    await page.context().close();
  }, 180_000);
});
