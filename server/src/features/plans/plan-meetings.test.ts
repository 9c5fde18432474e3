import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { informationCategories } from '@tsunagu/contract';
import type { Agent } from '../../../test/agent.ts';
import { auditRows, createOrganisation, createUser, signIn } from '../../../test/factories.ts';
import { extractPdf } from '../../../test/pdf-reading.ts';
import { addToTeam, grantConsent, registerPerson } from '../../../test/person-factories.ts';
import { createPlan, serviceUseBody } from '../../../test/plan-factories.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';

/** サービス担当者会議, 交付, and 確定 after the 支給決定 (a meeting on the version, or the reason there was none). */

let t: TestApp;
let lead: Agent;
let provider: Agent;
let clinic: Agent;
let providerOrg: string;
let personId: string;

beforeEach(async () => {
  t = await createTestApp();
  t.clock.set('2026-11-25T10:00:00+09:00');
  const office = await createOrganisation(t.database.db, { name: '相談支援事業所ひだまり' });
  providerOrg = await createOrganisation(t.database.db, {
    name: '就労継続支援B型そよかぜ',
    kind: 'disability_welfare_service_provider',
  });
  const clinicOrg = await createOrganisation(t.database.db, { name: 'こころのクリニック', kind: 'clinic' });
  lead = await signIn(t.app, await createUser(t.database.db, { organisationId: office }), t.clock);
  provider = await signIn(t.app, await createUser(t.database.db, { organisationId: providerOrg }), t.clock);
  clinic = await signIn(t.app, await createUser(t.database.db, { organisationId: clinicOrg }), t.clock);
  personId = (await registerPerson(lead, { name: '架空 会議子', kana: 'かくう かいぎこ' })).id;
  await grantConsent(lead, personId, office, [...informationCategories]);
  await addToTeam(lead, personId, providerOrg, 'service_provider');
  await grantConsent(lead, personId, providerOrg, ['identity', 'welfare_services']);
  await addToTeam(lead, personId, clinicOrg, 'attending_physician');
  await grantConsent(lead, personId, clinicOrg, ['identity', 'medical']);
});
afterEach(async () => t.close());

const meeting = (overrides: Record<string, unknown> = {}) => ({
  planVersion: 1,
  heldOn: '2026-11-25',
  startsAt: '14:00',
  endsAt: '15:00',
  place: '相談支援事業所ひだまり 相談室',
  attendees: [
    { organisationName: null, role: '本人', name: '架空 会議子' },
    { organisationName: '就労継続支援B型そよかぜ', role: 'サービス管理責任者', name: '佐分 かん' },
    { organisationName: '相談支援事業所ひだまり', role: '相談支援専門員', name: '相田 みどり' },
  ],
  topics: '通所の曜日と時間、朝の声かけの方法',
  conclusions: '月・水・金の10時から。朝は世話人が声をかける。',
  remainingIssues: '夜に眠れない日の対応（次回 2月に確認）',
  ...overrides,
});

async function agree(planId: string, version = 1) {
  const agreed = await lead.post(`/api/plans/${planId}/agreement`, {
    version,
    agreedOn: '2026-11-25',
    method: 'written',
  });
  expect(agreed.statusCode, agreed.body).toBe(200);
}

describe('サービス担当者会議', () => {
  it('records a meeting on the version it discussed, shown with the plan; only the plan’s office may', async () => {
    const planId = await createPlan(lead, personId, 'service-use', serviceUseBody());
    const recorded = await lead.post(`/api/plans/${planId}/meetings`, meeting());
    expect(recorded.statusCode, recorded.body).toBe(201);
    const plan = recorded.json();
    expect(plan.meetings).toHaveLength(1);
    expect(plan.meetings[0]).toMatchObject({
      planVersion: 1,
      heldOn: '2026-11-25',
      startsAt: '14:00',
      endsAt: '15:00',
      place: '相談支援事業所ひだまり 相談室',
      topics: '通所の曜日と時間、朝の声かけの方法',
      conclusions: '月・水・金の10時から。朝は世話人が声をかける。',
      remainingIssues: '夜に眠れない日の対応（次回 2月に確認）',
      recordedByOrganisation: '相談支援事業所ひだまり',
    });
    expect(plan.meetings[0].attendees[1]).toEqual({
      organisationName: '就労継続支援B型そよかぜ',
      role: 'サービス管理責任者',
      name: '佐分 かん',
    });
    expect(plan.confirmRequirement.meetingsOnLatest).toBe(1);
    expect((await auditRows(t.database.db, 'plan.meeting')).at(-1)).toMatchObject({
      personId,
      targetType: 'plan_meeting',
      outcome: 'allowed',
    });

    // The provider reads it with the plan, but the record is the plan's office's to write.
    expect((await provider.get(`/api/plans/${planId}`)).json().meetings).toHaveLength(1);
    const byProvider = await provider.post(`/api/plans/${planId}/meetings`, meeting());
    expect(byProvider.statusCode).toBe(403);
    expect((await auditRows(t.database.db, 'plan.meeting')).at(-1)).toMatchObject({ outcome: 'denied' });
    // The clinic has no consent for 福祉サービス: the plan does not exist for it.
    expect((await clinic.post(`/api/plans/${planId}/meetings`, meeting())).statusCode).toBe(404);
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['a version the plan does not have', { planVersion: 4 }, 'planVersion', 'UNKNOWN_VERSION'],
    ['a meeting in the future', { heldOn: '2026-11-26' }, 'heldOn', 'INVALID_INPUT'],
    ['a meeting before the plan was written', { heldOn: '2026-11-01' }, 'heldOn', 'DATE_BEFORE_PLAN'],
    ['an end before the start', { endsAt: '13:30' }, 'endsAt', 'TIME_ORDER'],
    ['no attendee', { attendees: [] }, 'attendees', 'VALIDATION_FAILED'],
    [
      'an attendee without a name',
      { attendees: [{ role: '本人', name: ' ' }] },
      'attendees.0.name',
      'VALIDATION_FAILED',
    ],
    ['no conclusion', { conclusions: undefined }, 'conclusions', 'VALIDATION_FAILED'],
    ['a time of 9 o’clock written loosely', { startsAt: '9:00' }, 'startsAt', 'VALIDATION_FAILED'],
  ])('refuses %s with 400 naming the field, and records nothing', async (_name, change, field, code) => {
    const planId = await createPlan(
      lead,
      personId,
      'service-use',
      serviceUseBody({ planDate: '2026-11-20' }),
    );
    const response = await lead.post(`/api/plans/${planId}/meetings`, { ...meeting(), ...change });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json()).toMatchObject({ field, code });
    expect((await lead.get(`/api/plans/${planId}`)).json().meetings).toEqual([]);
  });
});

describe('確定 after the 支給決定', () => {
  it('refuses to confirm without a meeting on that version or a reason, naming it; confirms with the reason kept', async () => {
    const planId = await createPlan(
      lead,
      personId,
      'service-use',
      serviceUseBody({ planDate: '2026-11-20', benefitDecisionOn: '2026-11-24' }),
    );
    await agree(planId);
    const view = (await lead.get(`/api/plans/${planId}`)).json();
    expect(view.confirmRequirement).toEqual({
      benefitDecisionOn: '2026-11-24',
      benefitDecisionSource: 'plan',
      meetingOrReasonRequired: true,
      meetingsOnLatest: 0,
    });
    const refused = await lead.post(`/api/plans/${planId}/confirm`, { version: 1 });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'MEETING_OR_REASON_REQUIRED', field: 'noMeetingReason' });
    expect(refused.json().message).toContain('サービス担当者会議');
    expect(refused.json().message).toContain('2026年11月24日');
    const blank = await lead.post(`/api/plans/${planId}/confirm`, { version: 1, noMeetingReason: '　' });
    // A reason of spaces is no reason.
    expect(blank.statusCode).toBe(409);
    expect(blank.json()).toMatchObject({ code: 'MEETING_OR_REASON_REQUIRED', field: 'noMeetingReason' });
    expect((await lead.get(`/api/plans/${planId}`)).json().summary.currentVersion).toBeNull();

    const reason = '担当者が集まれず、各事業所に照会して意見を求めた（11/24 電話）。';
    const confirmed = await lead.post(`/api/plans/${planId}/confirm`, {
      version: 1,
      noMeetingReason: reason,
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json().plan.latest).toMatchObject({ status: 'confirmed', noMeetingReason: reason });
    expect((await auditRows(t.database.db, 'plan.confirm')).at(-1)).toMatchObject({
      details: { version: 1, withoutMeeting: true },
    });
  });

  it('confirms on a meeting about that version (one on an earlier version does not count)', async () => {
    const planId = await createPlan(
      lead,
      personId,
      'service-use',
      serviceUseBody({ planDate: '2026-11-20', benefitDecisionOn: '2026-11-24' }),
    );
    expect((await lead.post(`/api/plans/${planId}/meetings`, meeting())).statusCode).toBe(201);
    const v1 = (await lead.get(`/api/plans/${planId}`)).json().latest.content.serviceUse;
    const revised = await lead.post(`/api/plans/${planId}/versions/service-use`, {
      ...serviceUseBody({ planDate: '2026-11-25', benefitDecisionOn: '2026-11-24', needs: v1.needs }),
      baseVersion: 1,
    });
    expect(revised.statusCode, revised.body).toBe(201);
    await agree(planId, 2);
    const onlyEarlier = await lead.post(`/api/plans/${planId}/confirm`, { version: 2 });
    expect(onlyEarlier.json()).toMatchObject({ code: 'MEETING_OR_REASON_REQUIRED' });

    expect((await lead.post(`/api/plans/${planId}/meetings`, meeting({ planVersion: 2 }))).statusCode).toBe(
      201,
    );
    const confirmed = await lead.post(`/api/plans/${planId}/confirm`, {
      version: 2,
      noMeetingReason: '（会議があるので残らない）',
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json().plan.latest.noMeetingReason).toBeNull();
  });

  it('takes the 支給決定日 from the 受給者証, and asks nothing before it', async () => {
    const added = await lead.post(`/api/persons/${personId}/certificates`, {
      kind: 'service_recipient',
      validFrom: '2026-12-01',
      validUntil: '2027-11-30',
    });
    expect(added.statusCode, added.body).toBe(201);
    const planId = await createPlan(lead, personId, 'service-use', serviceUseBody());
    await agree(planId);
    expect((await lead.get(`/api/plans/${planId}`)).json().confirmRequirement).toMatchObject({
      benefitDecisionOn: '2026-12-01',
      benefitDecisionSource: 'certificate',
      meetingOrReasonRequired: false,
    });
    // Before the decision the plan is the 計画案 the municipality decides on: no meeting is asked for.
    const confirmed = await lead.post(`/api/plans/${planId}/confirm`, { version: 1 });
    expect(confirmed.statusCode, confirmed.body).toBe(200);

    // After it, a new version needs a meeting or a reason.
    t.clock.set('2026-12-02T10:00:00+09:00');
    lead = await signIn(
      t.app,
      await createUser(t.database.db, { organisationId: await officeId() }),
      t.clock,
    );
    const v1 = confirmed.json().plan.latest.content.serviceUse;
    await lead.post(`/api/plans/${planId}/versions/service-use`, {
      ...serviceUseBody({ planDate: '2026-12-02', needs: v1.needs }),
      baseVersion: 1,
    });
    const agreed = await lead.post(`/api/plans/${planId}/agreement`, {
      version: 2,
      agreedOn: '2026-12-02',
      method: 'oral',
    });
    expect(agreed.json().confirmRequirement).toMatchObject({ meetingOrReasonRequired: true });
    expect((await lead.post(`/api/plans/${planId}/confirm`, { version: 2 })).statusCode).toBe(409);
  });
});

describe('交付', () => {
  it('records to whom an agreed version was handed, refuses a bare draft, and prints the date', async () => {
    const planId = await createPlan(
      lead,
      personId,
      'service-use',
      serviceUseBody({ benefitDecisionOn: '2026-11-25' }),
    );
    const delivery = {
      planVersion: 1,
      deliveredOn: '2026-11-25',
      method: 'in_person',
      recipients: [
        { kind: 'person' },
        { kind: 'provider', organisationId: providerOrg },
        { kind: 'municipality', name: '架空市 障害福祉課' },
      ],
      note: '本人に手渡し。事業所には会議のあとに渡した。',
    };
    const early = await lead.post(`/api/plans/${planId}/deliveries`, delivery);
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'PLAN_NOT_AGREED', field: 'planVersion' });

    await agree(planId);
    for (const [change, field, code] of [
      [{ recipients: [{ kind: 'provider' }] }, 'recipients.0.name', 'RECIPIENT_REQUIRED'],
      [
        { recipients: [{ kind: 'provider', organisationId: personId }] },
        'recipients.0.organisationId',
        'UNKNOWN_ORGANISATION',
      ],
      [{ deliveredOn: '2026-11-24' }, 'deliveredOn', 'DATE_BEFORE_AGREEMENT'],
      [{ method: 'carrier_pigeon' }, 'method', 'VALIDATION_FAILED'],
      [{ recipients: [] }, 'recipients', 'VALIDATION_FAILED'],
    ] as const) {
      const bad = await lead.post(`/api/plans/${planId}/deliveries`, { ...delivery, ...change });
      expect(bad.statusCode, field).toBe(400);
      expect(bad.json()).toMatchObject({ field, code });
    }
    expect(await provider.post(`/api/plans/${planId}/deliveries`, delivery)).toMatchObject({
      statusCode: 403,
    });

    const recorded = await lead.post(`/api/plans/${planId}/deliveries`, delivery);
    expect(recorded.statusCode, recorded.body).toBe(201);
    expect(recorded.json().deliveries).toEqual([
      expect.objectContaining({
        planVersion: 1,
        deliveredOn: '2026-11-25',
        method: 'in_person',
        recipients: [
          { kind: 'person', organisationId: null, name: null },
          { kind: 'provider', organisationId: providerOrg, name: '就労継続支援B型そよかぜ' },
          { kind: 'municipality', organisationId: null, name: '架空市 障害福祉課' },
        ],
        note: '本人に手渡し。事業所には会議のあとに渡した。',
      }),
    ]);
    expect((await auditRows(t.database.db, 'plan.deliver')).at(-1)).toMatchObject({
      personId,
      outcome: 'allowed',
    });
    const { text } = await extractPdf(
      new Uint8Array((await lead.get(`/api/plans/${planId}/pdf`)).rawPayload),
    );
    expect(text).toContain('交付日2026年11月25日');
    expect(text).toContain('支給決定日2026年11月25日');
  });
});

async function officeId(): Promise<string> {
  const row = await t.database.db
    .selectFrom('organisations')
    .select('id')
    .where('name', '=', '相談支援事業所ひだまり')
    .executeTakeFirstOrThrow();
  return row.id;
}
