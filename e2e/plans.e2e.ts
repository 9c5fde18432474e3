import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, baseUrl, launchBrowser, screenshot, signInDemo } from './browser.ts';
import {
  addTeamOrganisation,
  agreeAndConfirm,
  daysFromNow,
  recordConsent,
  registerPlanPerson,
} from './plan-steps.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

/** A fresh browser context signed in as a demo account; page errors are collected. */
// The 400 of the deliberately wrong date (the field names it) is an expected answer.
const signIn = (local: string) => signInDemo(browser, local, { expectedErrors: /400|Bad Request/ });

async function searchPerson(page: Page, name: string): Promise<void> {
  await page.getByLabel('氏名・ふりがなで探す').fill(name);
  await page.getByRole('button', { name: '探す', exact: true }).click();
  await page.getByRole('heading', { name: `「${name}」で探した結果` }).waitFor();
  await page.getByRole('table').getByRole('link', { name }).click();
  await page.getByRole('heading', { name, level: 1 }).waitFor();
}

describe('shared plans: agreed with the person, confirmed, linked across providers, printable', () => {
  const stamp = Date.now().toString(36);
  const name = `計画 試子${stamp}`;
  const wish = `「E2E ${stamp} パン屋で働いて、自分のお金で旅行に行きたい」`;
  const need = `E2E ${stamp} 日中に通う場所がほしい`;
  const goal = `E2E ${stamp} 週4日、作業所に通い続ける`;
  const providerGoal = `E2E ${stamp} 午前の作業に休まず参加する`;
  const warning = `E2E ${stamp} 眠れない日が3日続く`;
  const account = `「E2E ${stamp} 作業所は楽しい。でも朝がつらい日がある」`;
  let personId = '';
  let servicePlanUrl = '';

  it('the consultation specialist drafts the サービス等利用計画, records agreement, confirms it, downloads the PDF, and makes the クライシスプラン reachable in one tap', async () => {
    const { page, problems } = await signIn('soudan');

    // A person of our own, with the B型 provider on the team and its consent for 福祉サービス.
    personId = await registerPlanPerson(page, name, 'けいかく ためこ');
    await addTeamOrganisation(page, '就労継続支援B型そよかぜ', 'サービス事業所');
    // Plans follow consent: our own office for 福祉サービス and クライシス, the provider for 福祉サービス.
    await page.getByRole('button', { name: '同意を記録' }).click();
    await recordConsent(page, '相談支援事業所ひだまり', ['福祉サービス', 'クライシス']);
    await recordConsent(page, '就労継続支援B型そよかぜ', ['福祉サービス']);

    // The plan draft, with every column of a need row.
    await page.locator('#plans').getByRole('link', { name: 'サービス等利用計画を作る' }).click();
    await page.getByRole('heading', { name: 'サービス等利用計画を作る', level: 1 }).waitFor();
    const form = page.locator('#service-use-plan');
    await form.getByLabel('本人の意向（希望する生活）').fill(wish);
    await form
      .getByLabel('総合的な援助の方針')
      .fill('本人の「働きたい」を軸に、日中活動と生活リズムを整える。');
    await form.getByLabel('長期目標').fill('一般就労に向けて、自信をつける。');
    await form.getByLabel('短期目標').fill('作業所に週4日通う。');
    await form.getByLabel('解決すべき課題（本人のニーズ）').fill(need);
    await form.getByLabel('支援目標').fill(goal);
    // A date before the plan's own date: the server names the field, and the form shows it there.
    await form.getByLabel('達成時期').fill('2020-01-01');
    await form.getByLabel('種類', { exact: true }).fill('就労継続支援B型');
    await form.getByLabel('量（頻度・時間）').fill('週4日・10時〜15時');
    await form.getByLabel('提供事業者（チーム）').selectOption({ label: '就労継続支援B型そよかぜ' });
    await form.getByLabel('課題解決のための本人の役割').fill('朝、自分で起きて準備する。');
    await form.getByLabel('評価時期').fill(daysFromNow(90));
    await form.getByLabel('その他留意事項').fill('大勢の前で急に話しかけない。');
    expect(await form.getByRole('radio', { name: '3か月ごと' }).isChecked()).toBe(true);
    await form.getByRole('button', { name: '計画案として保存する' }).click();
    const dateError = form.locator('#service-use-plan-needs-0-achieveBy-error');
    await dateError.getByText('計画作成日').waitFor();
    expect(await form.getByLabel('達成時期').getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel('達成時期').fill(daysFromNow(180));
    await form.getByRole('button', { name: '計画案として保存する' }).click();

    await page.getByRole('heading', { name: 'サービス等利用計画', exact: true, level: 1 }).waitFor();
    servicePlanUrl = page.url();
    await page.getByText('計画案を保存しました。').waitFor();
    await page.locator('.plan-steps__step--now', { hasText: '計画案' }).waitFor();
    await page.locator('.plan-document').getByText(wish).waitFor();
    // 確定 needs the person's agreement first: there is no way to confirm a bare draft.
    expect(await page.getByRole('button', { name: /確定する/ }).count()).toBe(0);
    await agreeAndConfirm(page);
    await page.getByText('確認をお願いした事業所: 就労継続支援B型そよかぜ').waitFor();
    await page
      .locator('#monitoring')
      .getByText(/次のモニタリング: \d{4}年/)
      .waitFor();

    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'plans-service-use');

    // The A4 PDF of the confirmed version.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /PDF をダウンロード/ }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    const pdf = readFileSync(await download.path());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(10_000);

    // Printed from the browser: the plan only, without the app's frame and controls.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.app-header').isVisible()).toBe(false);
    expect(await page.locator('#monitoring').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: '印刷する' }).isVisible()).toBe(false);
    expect(await page.locator('.plan-document').getByText(wish).isVisible()).toBe(true);
    await screenshot(page, 'plans-service-use-print');
    await page.emulateMedia({ media: 'screen' });

    // モニタリング of the plan in force, in the person's words, with progress on its goal.
    const monitoring = page.locator('#monitoring');
    await monitoring.getByRole('button', { name: 'モニタリングを記録', exact: true }).click();
    await monitoring.getByLabel('本人の話（本人の言葉で）').fill(account);
    await monitoring.getByLabel(`「${goal}」の支援目標の達成度`).selectOption({ label: '進んでいる' });
    await monitoring.getByRole('button', { name: 'この内容で記録する' }).click();
    await monitoring.getByText('モニタリングを記録しました。').waitFor();
    await monitoring.getByText(account).waitFor();

    // A second version: the first stays in force until the new one is agreed and confirmed.
    await page.getByRole('link', { name: '新しい版を作る' }).click();
    await page.getByRole('heading', { name: 'サービス等利用計画の新しい版', level: 1 }).waitFor();
    const edit = page.locator('#service-use-plan');
    expect(await edit.getByLabel('支援目標').inputValue()).toBe(goal);
    await edit.getByLabel('短期目標').fill('作業所に週5日通う。');
    // Rows come and go: the only need cannot be removed; a second can, and a need's service too.
    expect(await edit.getByRole('button', { name: '課題 1 を外す' }).count()).toBe(0);
    await edit.getByRole('button', { name: '課題を加える' }).click();
    await edit.getByRole('heading', { name: '課題 2' }).waitFor();
    await edit.getByRole('button', { name: '課題 1 を外す' }).waitFor();
    await edit.getByRole('button', { name: '課題 2 を外す' }).click();
    expect(await edit.getByRole('heading', { name: '課題 2' }).count()).toBe(0);
    await edit.getByRole('button', { name: 'サービスを加える' }).click();
    await edit.getByRole('heading', { name: 'サービス 2' }).waitFor();
    await edit.getByRole('button', { name: 'サービス 2 を外す' }).click();
    expect(await edit.getByRole('heading', { name: 'サービス 2' }).count()).toBe(0);
    expect(await edit.getByLabel('支援目標').inputValue()).toBe(goal);
    await edit.getByLabel('変更の内容・理由').fill('本人と話し合い、通所を週5日に増やした。');
    await edit.getByRole('button', { name: '新しい版として保存する' }).click();
    await page.getByRole('heading', { name: 'サービス等利用計画', exact: true, level: 1 }).waitFor();
    await page.getByText('確定している版は第1版です。').waitFor();
    await page.locator('.plan-steps__step--now', { hasText: '計画案' }).waitFor();

    // Its history: who saved which version when, and a readable diff between the two.
    await page.getByRole('link', { name: '版の履歴と違い' }).click();
    await page.getByRole('heading', { name: '第1版 → 第2版の違い' }).waitFor();
    const changed = page.getByRole('row', { name: /短期目標/ });
    await changed.getByText('作業所に週4日通う。').waitFor();
    await changed.getByText('作業所に週5日通う。').waitFor();
    await page.getByText(/第2版は 相田 みどり（相談支援事業所ひだまり） が .+ に保存しました。/).waitFor();
    await page.getByRole('row', { name: /第2版.*本人と話し合い、通所を週5日に増やした。/ }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'plans-history');

    // クライシスプラン: none yet; written with the person, agreed and confirmed.
    await page.goto(`${baseUrl()}/persons/${personId}`);
    await page.getByRole('heading', { name, level: 1 }).waitFor();
    await page.getByRole('link', { name: 'クライシスプラン', exact: true }).click();
    await page.getByRole('heading', { name: 'クライシスプラン', exact: true, level: 1 }).waitFor();
    await page.getByText('まだクライシスプランはありません。').waitFor();
    await page.getByRole('link', { name: 'クライシスプランを作る' }).click();
    const crisis = page.locator('#crisis-plan');
    await crisis.getByLabel('調子が良い時の自分').fill('よく笑って、パンの話をたくさんする。');
    await crisis.getByLabel('注意サイン').fill(warning);
    await crisis.getByLabel('悪化のサイン').fill('部屋の電気を消さなくなる。');
    await crisis.getByLabel('その時に自分がすること').fill('ホットミルクを飲んで、ラジオを聴く。');
    // An emoji will not print: a warning beside the field (not a refusal), linked to it for screen readers.
    const wants = crisis.getByLabel('周りにしてほしいこと');
    await wants.fill('まず姉に連絡してほしい😊');
    const printWarning = crisis.getByText('印刷できない文字（😊）があります。PDFでは〓と表示されます。');
    await printWarning.waitFor();
    expect((await wants.getAttribute('aria-describedby'))?.split(' ')).toContain(
      await printWarning.getAttribute('id'),
    );
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'plans-crisis-unprintable');
    await wants.fill('まず姉に連絡してほしい。');
    await printWarning.waitFor({ state: 'detached' });
    await crisis.getByLabel('名前').fill('姉');
    await crisis.getByLabel('電話番号').fill('090-0000-2222');
    await crisis.getByLabel('連絡できる時間').fill('平日 18時以降');
    await crisis.getByLabel('夜間・休日の対応').fill('地域生活支援拠点つなぎに電話する。');
    await crisis.getByRole('button', { name: '計画案として保存する' }).click();
    await page.getByRole('heading', { name: 'クライシスプラン', exact: true, level: 1 }).waitFor();
    await agreeAndConfirm(page);

    // From the person page, the crisis plan in force is one click away.
    await page.goto(`${baseUrl()}/persons/${personId}`);
    await page.getByRole('heading', { name, level: 1 }).waitFor();
    await page.getByRole('link', { name: 'クライシスプラン', exact: true }).click();
    await page.getByRole('heading', { name: 'クライシスプラン', exact: true, level: 1 }).waitFor();
    await page.getByText(warning).waitFor();
    await page.getByRole('link', { name: '姉に電話する 090-0000-2222' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'plans-crisis');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'plans-crisis-phone');
    await page.goto(servicePlanUrl);
    await page.getByRole('heading', { name: 'サービス等利用計画', exact: true, level: 1 }).waitFor();
    await page.locator('.plan-document').getByText(need).first().waitFor();
    await screenshot(page, 'plans-service-use-phone');
    await page.goto(`${servicePlanUrl}/history`);
    await page.getByRole('heading', { name: '第1版 → 第2版の違い' }).waitFor();
    await screenshot(page, 'plans-history-phone');

    expect(problems).toEqual([]);
    await page.context().close();
  }, 180_000);

  it('the B型 provider writes its 個別支援計画 against the plan’s need and sees the link in the team view', async () => {
    const { page, problems } = await signIn('sabikan');
    await searchPerson(page, name);
    const plans = page.locator('#plans');
    await plans.getByRole('link', { name: /サービス等利用計画/ }).waitFor();
    await plans.getByRole('link', { name: '個別支援計画を作る' }).click();
    await page.getByRole('heading', { name: '個別支援計画を作る', level: 1 }).waitFor();
    const form = page.locator('#support-plan');
    await form.getByLabel('サービスの種類').fill('就労継続支援B型');
    await form.getByLabel('サービス管理責任者', { exact: true }).fill('佐分 かん');
    await form.getByLabel('本人の意向').fill('「パンの成形をもっと上手になりたい」');
    await form.getByLabel('総合的な支援の方針').fill('得意な成形作業から、自信を積み重ねる。');
    await form.getByLabel('長期目標').fill('パン工房の仕事を一通りできる。');
    await form.getByLabel('短期目標').fill('午前の作業に休まず参加する。');
    await form.getByLabel('対応するサービス等利用計画の課題').selectOption({ label: `課題 1: ${need}` });
    await form.getByLabel('支援目標').fill(providerGoal);
    await form.getByLabel('支援内容（内容・留意点）').fill('朝の声かけと、作業手順の写真カード。');
    await form.getByLabel('達成時期').fill(daysFromNow(120));
    await form.getByRole('button', { name: '計画案として保存する' }).click();
    await page
      .getByRole('heading', { name: '個別支援計画（就労継続支援B型）', exact: true, level: 1 })
      .waitFor();
    await page.locator('.plan-document').getByText(need).waitFor();

    // The team view of the confirmed サービス等利用計画 shows this provider's goal under the need.
    await page.goto(servicePlanUrl);
    const team = page.locator('#team-view');
    const needItem = team.locator('.team-need', { hasText: need });
    await needItem.getByText(providerGoal).waitFor();
    await needItem.getByRole('link', { name: /就労継続支援B型そよかぜ/ }).waitFor();
    // The provider sees the plan but cannot agree, confirm or revise another organisation's plan.
    expect(await page.getByRole('link', { name: '新しい版を作る' }).count()).toBe(0);

    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'plans-team-view');
    expect(problems).toEqual([]);
    await page.context().close();
  }, 180_000);
});
