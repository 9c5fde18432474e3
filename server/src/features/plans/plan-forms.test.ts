import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { informationCategories } from '@tsunagu/contract';
import type { Agent } from '../../../test/agent.ts';
import { createOrganisation, createUser, signIn } from '../../../test/factories.ts';
import { extractPdf } from '../../../test/pdf-reading.ts';
import { addToTeam, grantConsent, registerPerson } from '../../../test/person-factories.ts';
import { agreeAndConfirm, createPlan, serviceUseBody, supportBody } from '../../../test/plan-factories.ts';
import { serviceUseForm, weeklySchedule } from '../../../test/plan-forms.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';

/** The 様式 of 計画相談 through the API: the サービス等利用計画's header, 優先順位 and 週間計画表, the 個別支援計画's サービス管理責任者 and 本人・家族の意向. */

let t: TestApp;
let lead: Agent;
let provider: Agent;
let office: string;
let providerOrg: string;

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set('2026-11-25T10:00:00+09:00');
  office = await createOrganisation(t.database.db, { name: '相談支援事業所ひだまり' });
  providerOrg = await createOrganisation(t.database.db, {
    name: '就労継続支援B型そよかぜ',
    kind: 'disability_welfare_service_provider',
  });
  lead = await signIn(
    t.app,
    await createUser(t.database.db, { organisationId: office, displayName: '相田 みどり' }),
    t.clock,
  );
  const providerUser = await createUser(t.database.db, {
    organisationId: providerOrg,
    profession: 'service_manager',
  });
  provider = await signIn(t.app, providerUser, t.clock);
});
afterAll(async () => t.close());

/** A person of the office's, with its consent for everything, and the provider on the team. */
async function person(name: string): Promise<string> {
  const id = (await registerPerson(lead, { name, kana: 'かくう' })).id;
  await grantConsent(lead, id, office, [...informationCategories]);
  await addToTeam(lead, id, providerOrg, 'service_provider');
  await grantConsent(lead, id, providerOrg, ['identity', 'welfare_services']);
  return id;
}

const text = async (response: { rawPayload: Buffer }) => extractPdf(new Uint8Array(response.rawPayload));
const squeeze = (s: string) => s.replace(/\s+/g, '');

describe('サービス等利用計画: header, 優先順位 and 週間計画表', () => {
  it('stores the header as entered (全角の番号 folded), each need’s priority, and the week sorted by day and time', async () => {
    const personId = await person('架空 様式子');
    const planId = await createPlan(lead, personId, 'service-use', serviceUseForm());
    const content = (await lead.get(`/api/plans/${planId}`)).json().latest.content.serviceUse;
    expect(content).toMatchObject({
      supportCategory: '3',
      recipientNumber: '1234567890',
      communityRecipientNumber: null,
      copaymentLimit: 9300,
      planAuthorName: '相田 みどり',
      monitoringStartMonth: '2027-02',
      benefitDecisionOn: null,
    });
    expect(content.needs.map((n: { priority: number; need: string }) => [n.priority, n.need])).toEqual([
      [2, '働いて自分のお金を持ちたい'],
      [1, '夜に眠れるようになりたい'],
    ]);
    expect(content.weeklySchedule.slots.map((s: { day: string }) => s.day)).toEqual([
      'mon',
      'tue',
      'wed',
      'fri',
      'sun',
    ]);
    expect(content.weeklySchedule).toMatchObject({
      dailyActivities: weeklySchedule.dailyActivities,
      nonWeeklyServices: weeklySchedule.nonWeeklyServices,
      lifeOverview: weeklySchedule.lifeOverview,
    });

    // A plan without the new parts still saves: priorities follow the rows, and there is no week.
    const plain = await createPlan(lead, await person('架空 旧式'), 'service-use', serviceUseBody());
    const stored = (await lead.get(`/api/plans/${plain}`)).json().latest.content.serviceUse;
    expect(stored.needs[0].priority).toBe(1);
    expect(stored.weeklySchedule).toBeNull();
  });

  type Body = ReturnType<typeof serviceUseForm>;
  const slot = (b: Body, change: Record<string, unknown>) => ({
    ...b,
    weeklySchedule: { ...weeklySchedule, slots: [{ ...weeklySchedule.slots[0]!, ...change }] },
  });
  it.each<[string, (b: Body) => Body, string, string]>([
    [
      'two needs with one priority',
      (b) => ({ ...b, needs: [b.needs[0]!, { ...b.needs[1]!, priority: 2 }] }),
      'needs.1.priority',
      'DUPLICATE_PRIORITY',
    ],
    [
      'a slot that ends before it starts',
      (b) => slot(b, { end: '09:00' }),
      'weeklySchedule.slots.0.end',
      'TIME_ORDER',
    ],
    [
      'two slots of one day that overlap',
      (b) => ({
        ...b,
        weeklySchedule: {
          ...weeklySchedule,
          slots: [
            ...weeklySchedule.slots,
            { day: 'mon', start: '14:30', end: '16:00', kind: 'activity', text: '散歩' },
          ],
        },
      }),
      'weeklySchedule.slots.5.start',
      'SLOT_OVERLAP',
    ],
    [
      'a day that is not one',
      (b) => slot(b, { day: 'holiday' }),
      'weeklySchedule.slots.0.day',
      'VALIDATION_FAILED',
    ],
    [
      'a time of 25:00',
      (b) => slot(b, { start: '25:00' }),
      'weeklySchedule.slots.0.start',
      'VALIDATION_FAILED',
    ],
    [
      'a slot of spaces only',
      (b) => slot(b, { text: '　 ' }),
      'weeklySchedule.slots.0.text',
      'VALIDATION_FAILED',
    ],
    [
      'a month 13',
      (b) => ({ ...b, monitoringStartMonth: '2027-13' }),
      'monitoringStartMonth',
      'VALIDATION_FAILED',
    ],
    [
      'monitoring starting before the plan',
      (b) => ({ ...b, monitoringStartMonth: '2026-10' }),
      'monitoringStartMonth',
      'DATE_BEFORE_PLAN',
    ],
    [
      'a recipient number with a symbol',
      (b) => ({ ...b, recipientNumber: '12-34!' }),
      'recipientNumber',
      'VALIDATION_FAILED',
    ],
    ['a negative 負担上限額', (b) => ({ ...b, copaymentLimit: -1 }), 'copaymentLimit', 'VALIDATION_FAILED'],
    ['a 区分 7', (b) => ({ ...b, supportCategory: '7' }), 'supportCategory', 'VALIDATION_FAILED'],
    [
      'a 支給決定日 in the future',
      (b) => ({ ...b, benefitDecisionOn: '2026-12-01' }),
      'benefitDecisionOn',
      'INVALID_INPUT',
    ],
  ])('refuses %s with 400 naming the field, and saves nothing', async (_name, change, field, code) => {
    const personId = await person(`架空 不正${field.length}`);
    const response = await lead.post(`/api/persons/${personId}/plans/service-use`, change(serviceUseForm()));
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json()).toMatchObject({ field, code });
    expect(response.json().message).toMatch(/[ぁ-んァ-ヶ一-龠]/);
    expect((await lead.get(`/api/persons/${personId}/plans`)).json().plans).toEqual([]);
  });

  it('shows what changed in the week and the header between two versions', async () => {
    const personId = await person('架空 週間');
    const planId = await createPlan(lead, personId, 'service-use', serviceUseForm());
    const v1 = (await lead.get(`/api/plans/${planId}`)).json().latest.content.serviceUse;
    const revised = await lead.post(`/api/plans/${planId}/versions/service-use`, {
      ...serviceUseForm({ needs: v1.needs, copaymentLimit: 0 }),
      baseVersion: 1,
      weeklySchedule: {
        ...weeklySchedule,
        slots: weeklySchedule.slots.map((s) => (s.day === 'mon' ? { ...s, end: '14:00' } : s)),
        dailyActivities: [...weeklySchedule.dailyActivities, { time: '12:00', text: '昼食' }],
      },
    });
    expect(revised.statusCode, revised.body).toBe(201);
    const changes = (await lead.get(`/api/plans/${planId}/diff?from=1&to=2`)).json().changes;
    expect(changes).toContainEqual({
      section: 'weekly',
      rowId: 'mon 10:00',
      rowLabel: '月 10:00〜14:00 就労継続支援B型（パン工房）',
      field: 'end',
      change: 'changed',
      before: '15:00',
      after: '14:00',
    });
    expect(changes).toContainEqual(
      expect.objectContaining({ section: 'dailyActivities', change: 'added', after: '12:00 昼食' }),
    );
    expect(changes).toContainEqual(
      expect.objectContaining({ section: 'plan', field: 'copaymentLimit', before: '9300', after: '0' }),
    );
  });

  it('prints the 様式: the header with its values, needs in priority order, and the 週間計画表 page', async () => {
    const personId = await person('架空 印刷子');
    const planId = await createPlan(lead, personId, 'service-use', serviceUseForm());
    await agreeAndConfirm(lead, planId);
    const { text: pdf, pages } = await text(await lead.get(`/api/plans/${planId}/pdf`));
    for (const expected of [
      '利用者氏名架空印刷子様',
      '障害支援区分区分3',
      '相談支援事業者名相談支援事業所ひだまり',
      '障害福祉サービス受給者証番号1234567890',
      '利用者負担上限額9,300円',
      '計画作成担当者相田みどり',
      '地域相談支援受給者証番号',
      '通所受給者証番号',
      '計画作成日2026年11月25日',
      'モニタリング期間（開始年月）3か月ごと（2027年2月から）',
      '利用者同意署名欄2026年11月25日同意（書面（署名））',
      '優先順位',
      'サービス等利用計画【週間計画表】',
      '主な日常生活上の活動',
      '07:00起床・朝食',
      '就労継続支援B型（パン工房）',
      '訪問看護',
      '姉と買い物',
      '日・祝',
      '週単位以外のサービス',
      weeklySchedule.nonWeeklyServices,
      'サービス提供によって実現する生活の全体像',
      weeklySchedule.lifeOverview,
    ])
      expect(pdf, expected).toContain(squeeze(expected));
    // 優先順位 1 first, whatever the order of the rows.
    expect(pdf.indexOf('夜に眠れるようになりたい')).toBeLessThan(pdf.indexOf('働いて自分のお金を持ちたい'));
    expect(pages).toBeGreaterThanOrEqual(2);
  });
});

describe('個別支援計画: サービス管理責任者 and 本人・家族の意向', () => {
  it('stores and prints them, and refuses a plan without its サービス管理責任者', async () => {
    const personId = await person('架空 個別子');
    const servicePlan = await createPlan(lead, personId, 'service-use', serviceUseBody());
    const needId = (await lead.get(`/api/plans/${servicePlan}`)).json().latest.content.serviceUse.needs[0].id;
    const body = supportBody(needId, { familyWishes: '母：無理なく続けてほしい。' });
    const { serviceManager: _manager, ...withoutManager } = body;
    const missing = await provider.post(`/api/persons/${personId}/plans/individual-support`, withoutManager);
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ field: 'serviceManager', code: 'VALIDATION_FAILED' });
    expect(missing.json().message).toContain('サービス管理責任者');
    const blank = await provider.post(`/api/persons/${personId}/plans/individual-support`, {
      ...body,
      serviceManager: '　',
    });
    expect(blank.json()).toMatchObject({ field: 'serviceManager' });

    const planId = await createPlan(provider, personId, 'individual-support', body);
    const content = (await provider.get(`/api/plans/${planId}`)).json().latest.content.support;
    expect(content).toMatchObject({
      serviceManager: '佐分 かん',
      familyWishes: '母：無理なく続けてほしい。',
    });
    const { text: pdf } = await text(await provider.get(`/api/plans/${planId}/pdf`));
    for (const expected of [
      '個別支援計画（就労継続支援B型）',
      'サービス管理責任者佐分かん',
      '本人・家族の意向',
      '本人：「パンを焼いて、誰かに食べてもらいたい」',
      '家族：母：無理なく続けてほしい。',
    ])
      expect(pdf, expected).toContain(squeeze(expected));
  });
});
