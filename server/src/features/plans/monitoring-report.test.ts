import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { informationCategories } from '@tsunagu/contract';
import type { Agent } from '../../../test/agent.ts';
import { auditRows, createOrganisation, createUser, signIn } from '../../../test/factories.ts';
import { extractPdf } from '../../../test/pdf-reading.ts';
import { addToTeam, grantConsent, registerPerson } from '../../../test/person-factories.ts';
import { agreeAndConfirm, createPlan } from '../../../test/plan-factories.ts';
import { serviceUseForm } from '../../../test/plan-forms.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';

/** モニタリング報告書: each column of the 様式 through the API, and its PDF with Tokyo dates. */

let t: TestApp;
let lead: Agent;
let clinic: Agent;
let personId: string;
let planId: string;
let needs: { id: string; need: string; goal: string; priority: number }[];

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set('2026-11-25T10:00:00+09:00');
  const office = await createOrganisation(t.database.db, { name: '相談支援事業所ひだまり' });
  const clinicOrg = await createOrganisation(t.database.db, { name: 'こころのクリニック', kind: 'clinic' });
  const leadUser = await createUser(t.database.db, { organisationId: office, displayName: '相田 みどり' });
  const clinicUser = await createUser(t.database.db, { organisationId: clinicOrg });
  lead = await signIn(t.app, leadUser, t.clock);
  personId = (await registerPerson(lead, { name: '架空 報告子', kana: 'かくう ほうこくこ' })).id;
  await grantConsent(lead, personId, office, [...informationCategories]);
  await addToTeam(lead, personId, clinicOrg, 'attending_physician');
  await grantConsent(lead, personId, clinicOrg, ['identity', 'medical']);
  planId = await createPlan(lead, personId, 'service-use', serviceUseForm());
  needs = (await agreeAndConfirm(lead, planId)).plan.latest.content.serviceUse.needs;
  // 0:37 on 2/20 in Tokyo is still 2/19 in UTC: the report must say 2/20.
  t.clock.set('2027-02-20T00:37:00+09:00');
  lead = await signIn(t.app, leadUser, t.clock);
  clinic = await signIn(t.app, clinicUser, t.clock);
});
afterAll(async () => t.close());

const need = (n: number) => needs.find((x) => x.priority === n)!;

function report(overrides: Record<string, unknown> = {}) {
  return {
    monitoredOn: '2027-02-20',
    personAccount: '「朝がつらい日がある。でも水曜は楽しい」',
    overallStatus: '通所は週2〜3回。夜は眠れる日が増えた。',
    progress: [
      {
        targetId: need(2).id,
        progress: 'progressing',
        serviceStatus: '週3回のうち2回は通えている（そよかぜより）',
        personView: '「パンを焼くのは楽しい」満足している',
        nextSteps: '午後からの通所に変えて、朝の負担を減らす',
        changeServiceAmount: true,
        changeWeeklyPlan: true,
        note: '遅れても責めない',
      },
      {
        targetId: need(1).id,
        progress: 'achieved',
        serviceStatus: '訪問看護で睡眠を確認（週1回）',
        personView: '「眠れる日が増えた」',
        nextSteps: '今の過ごし方を続ける',
      },
    ],
    needsChange: false,
    changeNote: '通所を午後からに変えたい（本人の希望）',
    ...overrides,
  };
}

describe('モニタリング報告書', () => {
  it('records every column of the report per goal; a goal asking for a change makes the plan need one', async () => {
    const { changeNote: _note, ...withoutNote } = report();
    const noNote = await lead.post(`/api/plans/${planId}/monitoring`, withoutNote);
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json()).toMatchObject({ field: 'changeNote' });
    for (const [change, field] of [
      [{ progress: [{ ...report().progress[0], personView: 'あ'.repeat(1001) }] }, 'progress.0.personView'],
      [{ progress: [{ ...report().progress[0], mood: 'good' }] }, 'progress.0.mood'],
      [{ progress: [{ ...report().progress[0], changeWeeklyPlan: 'yes' }] }, 'progress.0.changeWeeklyPlan'],
      [{ overallStatus: 'x'.repeat(2001) }, 'overallStatus'],
    ] as const) {
      const bad = await lead.post(`/api/plans/${planId}/monitoring`, { ...report(), ...change });
      expect(bad.statusCode, field).toBe(400);
      expect(bad.json()).toMatchObject({ field, code: 'VALIDATION_FAILED' });
    }
    expect((await lead.get(`/api/plans/${planId}`)).json().monitorings).toEqual([]);

    const recorded = await lead.post(`/api/plans/${planId}/monitoring`, report());
    expect(recorded.statusCode, recorded.body).toBe(201);
    const m = recorded.json().monitorings[0];
    expect(m).toMatchObject({
      monitoredOn: '2027-02-20',
      overallStatus: '通所は週2〜3回。夜は眠れる日が増えた。',
      needsChange: true,
      changeNote: '通所を午後からに変えたい（本人の希望）',
    });
    expect(m.progress[0]).toEqual({
      targetId: need(2).id,
      goal: '週3回、パンの製造作業に通う',
      priority: 2,
      achieveBy: '2027-05-31',
      progress: 'progressing',
      serviceStatus: '週3回のうち2回は通えている（そよかぜより）',
      personView: '「パンを焼くのは楽しい」満足している',
      nextSteps: '午後からの通所に変えて、朝の負担を減らす',
      changeServiceType: false,
      changeServiceAmount: true,
      changeWeeklyPlan: true,
      note: '遅れても責めない',
    });
    expect(m.progress[1]).toMatchObject({
      priority: 1,
      progress: 'achieved',
      changeWeeklyPlan: false,
      note: null,
    });
  });

  it('prints the report with its headings, the entered values, goals by priority, and Tokyo dates', async () => {
    const monitoringId = (await lead.get(`/api/plans/${planId}`)).json().monitorings[0].id;
    const response = await lead.get(`/api/plans/${planId}/monitorings/${monitoringId}/pdf`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(decodeURIComponent(String(response.headers['content-disposition']))).toContain(
      'モニタリング報告書_架空報告子_2027-02-20.pdf',
    );
    const { text, width, height } = await extractPdf(new Uint8Array(response.rawPayload));
    expect(width).toBeGreaterThan(height); // A4 landscape
    const squeeze = (s: string) => s.replace(/\s+/g, '');
    for (const expected of [
      'モニタリング報告書',
      '利用者氏名架空報告子様',
      '障害支援区分区分3',
      '障害福祉サービス受給者証番号1234567890',
      '利用者負担上限額9,300円',
      '計画作成担当者相田みどり',
      '計画作成日2026年11月25日',
      'モニタリング実施日2027年2月20日',
      '利用者同意署名欄2026年11月25日同意（書面（署名））',
      '総合的な援助の方針',
      '全体の状況通所は週2〜3回。夜は眠れる日が増えた。',
      '本人の話（本人の言葉で）「朝がつらい日がある。でも水曜は楽しい」',
      'サービス提供状況（事業者からの聞き取り）',
      '本人の感想・満足度',
      '支援目標の達成度（ニーズの充足度）',
      '今後の課題・解決方法',
      'サービス種類の変更',
      'サービス量の変更',
      '週間計画の変更',
      '週3回のうち2回は通えている（そよかぜより）',
      '「パンを焼くのは楽しい」満足している',
      '午後からの通所に変えて、朝の負担を減らす',
      '2027年5月31日',
      '進んでいる',
      '達成',
      '計画の変更必要通所を午後からに変えたい（本人の希望）',
      // Recorded at 0:37 Tokyo time: 2/20, not the UTC 2/19.
      '2027年2月20日0:37',
    ])
      expect(text, expected).toContain(squeeze(expected));
    expect(text).not.toContain('2027年2月19日');
    // Priority 1 (眠り) before priority 2 (通所), as in the plan.
    expect(text.indexOf('訪問看護で睡眠を確認')).toBeLessThan(text.indexOf('週3回のうち2回は通えている'));
    expect((await auditRows(t.database.db, 'plan.monitoring_pdf')).at(-1)).toMatchObject({
      personId,
      targetId: monitoringId,
      outcome: 'allowed',
    });
  });

  it('answers 404 to an office without consent for 福祉サービス and for a monitoring the plan does not have', async () => {
    const monitoringId = (await lead.get(`/api/plans/${planId}`)).json().monitorings[0].id;
    const outside = await clinic.get(`/api/plans/${planId}/monitorings/${monitoringId}/pdf`);
    expect(outside.statusCode).toBe(404);
    expect(outside.body).not.toContain('パン');
    expect((await auditRows(t.database.db, 'plan.monitoring_pdf')).at(-1)).toMatchObject({
      outcome: 'denied',
    });
    expect((await lead.get(`/api/plans/${planId}/monitorings/${randomUUID()}/pdf`)).statusCode).toBe(404);
    const bad = await lead.get(`/api/plans/${planId}/monitorings/not-an-id/pdf`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('monitoringId');
  });
});
