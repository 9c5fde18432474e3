import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { informationCategories } from '@tsunagu/contract';
import type { Agent } from '../../../test/agent.ts';
import { auditRows, createOrganisation, createUser, signIn, type TestUser } from '../../../test/factories.ts';
import { grantConsent, registerPerson } from '../../../test/person-factories.ts';
import { agreeAndConfirm, createPlan, crisisBody, serviceUseBody } from '../../../test/plan-factories.ts';
import { extractPdf } from '../../../test/pdf-reading.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';

let t: TestApp;
let lead: Agent;
let leadUser: TestUser;
let office: string;
let personId: string;

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set('2026-11-25T10:00:00+09:00');
  office = await createOrganisation(t.database.db, { name: '相談支援事業所ひだまり' });
  leadUser = await createUser(t.database.db, { organisationId: office });
  lead = await signIn(t.app, leadUser, t.clock);
  personId = (await registerPerson(lead, { name: '架空 𠮷子', kana: 'かくう よしこ' })).id;
  await grantConsent(lead, personId, office, [...informationCategories]);
});
afterAll(async () => t.close());

/** The text of every page, as pdf.js reads it back (whitespace removed, so wrapped sentences read whole). */
async function pdfText(bytes: Uint8Array): Promise<{ text: string; pages: number }> {
  const { text, pages } = await extractPdf(bytes);
  return { text, pages };
}

const squeeze = (s: string) => s.replace(/\s+/g, '');

/** The PDF names its Japanese font as an embedded TrueType subset (ABCDEF+NotoSansJP-…, FontFile2). */
function embeddedFonts(bytes: Uint8Array): string[] {
  const raw = Buffer.from(bytes).toString('latin1');
  expect(raw).toContain('/FontFile2');
  return [...raw.matchAll(/\/BaseFont\s*\/([A-Z]{6}\+[A-Za-z-]+)/g)].map((m) => m[1]!);
}

describe('plans as Japanese PDF', () => {
  it('prints a サービス等利用計画 on A4 with the goals and the person’s words exactly, its font embedded', async () => {
    const body = serviceUseBody({
      needs: [
        ...serviceUseBody().needs,
        {
          need: '夜に眠れるようになりたい',
          goal: '寝る前にホットミルクを飲み、ラジオを聴いて過ごす',
          achieveBy: '2027-02-28',
          services: [{ type: '訪問看護', content: '服薬と睡眠の確認', amount: '週1回 30分' }],
          personRole: '眠れなかった日をカレンダーに書く',
        },
      ],
    });
    const planId = await createPlan(lead, personId, 'service-use', body);
    await agreeAndConfirm(lead, planId);

    const response = await lead.get(`/api/plans/${planId}/pdf`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(String(response.headers['content-disposition'])).toContain('attachment;');
    expect(decodeURIComponent(String(response.headers['content-disposition']))).toContain(
      'サービス等利用計画_架空𠮷子_第1版.pdf',
    );
    const bytes = new Uint8Array(response.rawPayload);
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');

    const { text } = await pdfText(bytes);
    for (const expected of [
      'サービス等利用計画',
      '架空𠮷子様',
      body.personWishes,
      body.overallPolicy,
      body.longTermGoal,
      body.shortTermGoal,
      '週3回、パンの製造作業に通う',
      '寝る前にホットミルクを飲み、ラジオを聴いて過ごす',
      '眠れなかった日をカレンダーに書く',
      '解決すべき課題（本人のニーズ）',
      '2027年5月31日',
      '3か月ごと',
      '同意日：2026年11月25日',
    ])
      expect(text).toContain(squeeze(expected));

    const fonts = embeddedFonts(bytes);
    expect(fonts.some((f) => /^[A-Z]{6}\+NotoSansJP-Regular$/.test(f))).toBe(true);
    // A4 landscape: 842 × 595 points.
    expect(Buffer.from(bytes).toString('latin1')).toMatch(/\/MediaBox \[0 0 841\.89\d* 595\.2\d*\]/);
    expect((await auditRows(t.database.db, 'plan.pdf')).at(-1)).toMatchObject({
      personId,
      targetId: planId,
      outcome: 'allowed',
    });
  });

  it('prints the crisis plan in the person’s words, contacts in order, and a chosen version', async () => {
    const body = crisisBody();
    const planId = await createPlan(lead, personId, 'crisis', body);
    const draft = await lead.get(`/api/plans/${planId}/pdf?version=1`);
    expect(draft.statusCode).toBe(200);
    const { text } = await pdfText(new Uint8Array(draft.rawPayload));
    for (const expected of [
      'クライシスプラン',
      '計画案',
      body.goodSelf,
      body.warningSigns,
      body.worseningSigns,
      body.selfActions,
      body.wantFromOthers,
      body.notWanted,
      '地域生活支援拠点つなぎ（24時間）に電話する。',
      '090-0000-2222',
      '平日18:00〜22:00',
    ])
      expect(text).toContain(squeeze(expected));
    expect(text.indexOf('佐藤あおい')).toBeLessThan(text.indexOf('こころのクリニック'));
    expect((await lead.get(`/api/plans/${planId}/pdf?version=7`)).statusCode).toBe(404);
  });

  it('breaks a long plan over pages and keeps every row', async () => {
    const needs = Array.from({ length: 12 }, (_, i) => ({
      need: `課題${i + 1}：${'地域で安心して暮らしたい。'.repeat(4)}`,
      goal: `目標${i + 1}：${'毎日の生活リズムを整える。'.repeat(3)}`,
      achieveBy: '2027-05-31',
      services: [{ type: '自立生活援助', amount: '週1回' }],
    }));
    const other = (await registerPerson(lead, { name: '架空 長子', kana: 'かくう ながこ' })).id;
    await grantConsent(lead, other, (await lead.get('/api/auth/session')).json().activeOrganisationId, [
      'identity',
      'welfare_services',
    ]);
    const planId = await createPlan(lead, other, 'service-use', serviceUseBody({ needs }));
    const response = await lead.get(`/api/plans/${planId}/pdf`);
    const { text, pages } = await pdfText(new Uint8Array(response.rawPayload));
    expect(pages).toBeGreaterThan(1);
    for (let i = 1; i <= 12; i++) expect(text).toContain(`目標${i}：`);
    expect(text).toContain(`1/${pages}`);
  });

  it('warns by field of what the font cannot print when a plan is saved, and prints it as 〓', async () => {
    const other = (await registerPerson(lead, { name: '架空 絵子', kana: 'かくう えこ' })).id;
    await grantConsent(lead, other, office, ['identity', 'crisis']);
    const body = crisisBody({
      warningSigns: '「眠れない日😢が続く」',
      contacts: [{ name: '𪛖さん👨‍👩‍👧', relation: '友人', phone: '090-0000-3333' }],
      changeNote: '初版😀',
    });
    const created = await lead.post(`/api/persons/${other}/plans/crisis`, body);
    expect(created.statusCode).toBe(201);
    // 𪛖 (CJK Extension B) and emoji are not in Noto Sans JP; the change note is not printed.
    expect(created.json().warnings).toEqual([
      {
        field: 'warningSigns',
        code: 'UNPRINTABLE_CHARACTERS',
        characters: ['😢'],
        message: '印刷できない文字（😢）があります。PDFでは〓と表示されます。',
      },
      {
        field: 'contacts.0.name',
        code: 'UNPRINTABLE_CHARACTERS',
        characters: ['𪛖', '👨‍👩‍👧'],
        message: '印刷できない文字（𪛖👨‍👩‍👧）があります。PDFでは〓と表示されます。',
      },
    ]);
    const planId = created.json().id;
    const { text } = await pdfText(
      new Uint8Array((await lead.get(`/api/plans/${planId}/pdf?version=1`)).rawPayload),
    );
    expect(text).toContain('「眠れない日〓が続く」');
    expect(text).toContain('〓さん〓');
    expect(text).not.toMatch(/[😢👨𪛖]/u);
    // A version without such characters saves with no warnings.
    const revised = await lead.post(`/api/plans/${planId}/versions/crisis`, {
      ...crisisBody(),
      baseVersion: 1,
    });
    expect(revised.statusCode).toBe(201);
    expect(revised.json()).toMatchObject({ version: 2, warnings: [] });
  });

  it('prints the Tokyo day of a plan made, agreed and confirmed at 00:37, not the UTC day before', async () => {
    // The last test of the file: the clock moves on, and a new session starts after it.
    t.clock.set('2026-12-08T00:37:00+09:00');
    lead = await signIn(t.app, leadUser, t.clock);
    const other = (await registerPerson(lead, { name: '架空 夜子', kana: 'かくう よるこ' })).id;
    await grantConsent(lead, other, office, ['identity', 'crisis']);
    // 12/8 is today in Tokyo (in UTC it is still 12/7, and 12/8 would be refused as a future date).
    const planId = await createPlan(lead, other, 'crisis', crisisBody({ planDate: '2026-12-08' }));
    await agreeAndConfirm(lead, planId, 1, '2026-12-08');
    const { text } = await pdfText(new Uint8Array((await lead.get(`/api/plans/${planId}/pdf`)).rawPayload));
    expect(text).toContain('計画作成日2026年12月8日');
    expect(text).toContain('確定日2026年12月8日');
    expect(text).toContain('同意日：2026年12月8日');
    expect(text).not.toContain('2026年12月7日');
  });
});
