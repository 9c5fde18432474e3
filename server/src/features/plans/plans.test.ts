import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { informationCategories } from '@tsunagu/contract';
import type { Agent } from '../../../test/agent.ts';
import { auditRows, createOrganisation, createUser, signIn, type TestUser } from '../../../test/factories.ts';
import { addToTeam, grantConsent, registerPerson } from '../../../test/person-factories.ts';
import {
  agreeAndConfirm,
  createPlan,
  crisisBody,
  serviceUseBody,
  supportBody,
} from '../../../test/plan-factories.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';

let t: TestApp;
let lead: Agent;
let provider: Agent;
let clinic: Agent;
let providerUser: TestUser;
let providerOrg: string;
let clinicOrg: string;
let personId: string;

beforeEach(async () => {
  t = await createTestApp();
  t.clock.set('2026-11-25T10:00:00+09:00');
  const office = await createOrganisation(t.database.db, { name: '相談支援事業所ひだまり' });
  providerOrg = await createOrganisation(t.database.db, {
    name: '就労継続支援B型そよかぜ',
    kind: 'disability_welfare_service_provider',
  });
  clinicOrg = await createOrganisation(t.database.db, { name: 'こころのクリニック', kind: 'clinic' });
  const leadUser = await createUser(t.database.db, { organisationId: office, displayName: '相田 みどり' });
  providerUser = await createUser(t.database.db, {
    organisationId: providerOrg,
    profession: 'service_manager',
    displayName: '佐分 かん',
  });
  const clinicUser = await createUser(t.database.db, { organisationId: clinicOrg, profession: 'nurse' });
  lead = await signIn(t.app, leadUser, t.clock);
  provider = await signIn(t.app, providerUser, t.clock);
  clinic = await signIn(t.app, clinicUser, t.clock);
  personId = (await registerPerson(lead)).id;
  // The consultation office's own consent covers everything (as the person agreed with it).
  await grantConsent(lead, personId, office, [...informationCategories]);
  await addToTeam(lead, personId, providerOrg, 'service_provider', { userId: providerUser.id });
  await addToTeam(lead, personId, clinicOrg, 'attending_physician', { userId: clinicUser.id });
  await grantConsent(lead, personId, providerOrg, ['identity', 'welfare_services']);
  // The clinic may see the person and their medical record, but not 福祉サービス: no plans.
  await grantConsent(lead, personId, clinicOrg, ['identity', 'medical']);
});
afterEach(async () => t.close());

describe('サービス等利用計画: 計画案 → 本人同意 → 確定', () => {
  it('refuses to confirm a 計画案 without a recorded agreement, then confirms it once the person agreed', async () => {
    const planId = await createPlan(lead, personId, 'service-use', serviceUseBody({}, providerOrg));
    const draft = (await lead.get(`/api/plans/${planId}`)).json();
    expect(draft.summary).toMatchObject({ kind: 'service_use', latestVersion: 1, latestStatus: 'draft' });
    expect(draft.summary.currentVersion).toBeNull();
    expect(draft.abilities).toEqual({
      revise: true,
      agree: true,
      confirm: false,
      monitor: false,
      recordMeeting: true,
      // Nothing the person agreed to yet: nothing to hand over.
      recordDelivery: false,
    });

    const early = await lead.post(`/api/plans/${planId}/confirm`, { version: 1 });
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'PLAN_NOT_AGREED', field: 'version' });
    expect(early.json().message).toContain('本人の同意');

    const future = await lead.post(`/api/plans/${planId}/agreement`, {
      version: 1,
      agreedOn: '2026-11-26',
      method: 'written',
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().field).toBe('agreedOn');

    const agreed = await lead.post(`/api/plans/${planId}/agreement`, {
      version: 1,
      agreedOn: '2026-11-25',
      method: 'written',
      note: '本人署名。姉が同席。',
    });
    expect(agreed.statusCode, agreed.body).toBe(200);
    expect(agreed.json().latest).toMatchObject({
      status: 'agreed',
      agreement: { agreedOn: '2026-11-25', method: 'written', note: '本人署名。姉が同席。' },
    });
    expect(agreed.json().abilities).toMatchObject({ agree: false, confirm: true });
    const again = await lead.post(`/api/plans/${planId}/agreement`, {
      version: 1,
      agreedOn: '2026-11-25',
      method: 'oral',
    });
    expect(again.json()).toMatchObject({ code: 'PLAN_NOT_DRAFT' });

    const confirmed = await lead.post(`/api/plans/${planId}/confirm`, { version: 1 });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const result = confirmed.json();
    expect(result.plan.summary).toMatchObject({
      latestStatus: 'confirmed',
      currentVersion: 1,
      nextMonitoringOn: '2027-02-25',
    });
    expect(result.plan.latest.confirmedBy).toEqual({
      name: '相田 みどり',
      organisationName: '相談支援事業所ひだまり',
    });
    // The team is told; the provider the plan names is asked to confirm (要確認).
    expect(result.notice).toMatchObject({ askedToConfirm: ['就労継続支援B型そよかぜ'], notTold: [] });
    const awaiting = (await provider.get('/api/messages/awaiting-me')).json().items;
    expect(awaiting).toMatchObject([
      { messageId: result.notice.messageId, personId, category: 'welfare_services' },
    ]);
    const message = (await provider.get(`/api/persons/${personId}/messages`)).json().messages[0];
    expect(message.body).toContain('サービス等利用計画（第1版');
    expect(message.requiresAck).toBe(true);

    const twice = await lead.post(`/api/plans/${planId}/confirm`, { version: 1 });
    expect(twice.json()).toMatchObject({ code: 'PLAN_ALREADY_CONFIRMED' });

    for (const action of ['plan.create', 'plan.agree', 'plan.confirm'])
      expect((await auditRows(t.database.db, action)).at(-1)).toMatchObject({
        personId,
        targetId: planId,
        outcome: 'allowed',
      });
  });

  it('lets only the plan’s own office change or confirm it; the provider reads it (403 audited)', async () => {
    const planId = await createPlan(lead, personId, 'service-use', serviceUseBody());
    const view = await provider.get(`/api/plans/${planId}`);
    expect(view.statusCode).toBe(200);
    expect(view.json().abilities).toEqual({
      revise: false,
      agree: false,
      confirm: false,
      monitor: false,
      recordMeeting: false,
      recordDelivery: false,
    });
    const agree = await provider.post(`/api/plans/${planId}/agreement`, {
      version: 1,
      agreedOn: '2026-11-25',
      method: 'oral',
    });
    expect(agree.statusCode).toBe(403);
    expect((await auditRows(t.database.db, 'plan.agree')).at(-1)).toMatchObject({
      outcome: 'denied',
      targetId: planId,
      personId,
    });
    const duplicate = await lead.post(`/api/persons/${personId}/plans/service-use`, serviceUseBody());
    expect(duplicate.json()).toMatchObject({ code: 'PLAN_EXISTS' });
  });
});

describe("the person's list of plans", () => {
  it('says which plans the caller may start: one service use plan and crisis plan per person, one 個別支援計画 per provider', async () => {
    const list = async (agent: Agent) => (await agent.get(`/api/persons/${personId}/plans`)).json();
    expect((await list(lead)).abilities).toEqual({
      createServiceUse: true,
      createSupport: true,
      createCrisis: true,
    });
    // The provider has consent for 福祉サービス only: no crisis plan.
    expect((await list(provider)).abilities).toEqual({
      createServiceUse: true,
      createSupport: true,
      createCrisis: false,
    });
    // The clinic has no consent for 福祉サービス or クライシス.
    expect((await list(clinic)).abilities).toEqual({
      createServiceUse: false,
      createSupport: false,
      createCrisis: false,
    });

    const planId = await createPlan(lead, personId, 'service-use', serviceUseBody());
    const needId = (await lead.get(`/api/plans/${planId}`)).json().latest.content.serviceUse.needs[0].id;
    await createPlan(provider, personId, 'individual-support', supportBody(needId));
    const afterLead = await list(lead);
    expect(afterLead.plans.map((p: { kind: string }) => p.kind).sort()).toEqual([
      'individual_support',
      'service_use',
    ]);
    // Another provider's 個別支援計画 does not stop the office from writing its own.
    expect(afterLead.abilities).toEqual({ createServiceUse: false, createSupport: true, createCrisis: true });
    expect((await list(provider)).abilities).toEqual({
      createServiceUse: false,
      createSupport: false,
      createCrisis: false,
    });
  });
});

describe('versions (版) and their diff', () => {
  it('keeps every version with who and when, diffs any two, and refuses an edit from a stale version', async () => {
    const planId = await createPlan(lead, personId, 'service-use', serviceUseBody());
    await agreeAndConfirm(lead, planId);
    const v1 = (await lead.get(`/api/plans/${planId}`)).json().latest;
    const needId = v1.content.serviceUse.needs[0].id;
    t.clock.advance(60_000);

    const body = serviceUseBody({
      baseVersion: 1,
      changeNote: '通所を週4回に増やす',
      monitoringMonths: 1,
      needs: [
        { ...v1.content.serviceUse.needs[0], goal: '週4回、パンの製造作業に通う' },
        {
          need: '夜に眠れるようになりたい',
          goal: '寝る前の過ごし方を決めて続ける',
          achieveBy: '2027-02-28',
          services: [{ type: '訪問看護', amount: '週1回' }],
        },
      ],
    });
    const saved = await lead.post(`/api/plans/${planId}/versions/service-use`, body);
    expect(saved.statusCode, saved.body).toBe(201);
    expect(saved.json()).toEqual({ id: planId, version: 2, warnings: [] });

    const plan = (await lead.get(`/api/plans/${planId}`)).json();
    // Version 1 stays in force until version 2 is agreed and confirmed.
    expect(plan.summary).toMatchObject({ latestVersion: 2, latestStatus: 'draft', currentVersion: 1 });
    expect(plan.current.version).toBe(1);
    expect(plan.versions.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([
      [1, 'confirmed'],
      [2, 'draft'],
    ]);
    expect(plan.versions[1]).toMatchObject({
      changeNote: '通所を週4回に増やす',
      createdBy: { name: '相田 みどり', organisationName: '相談支援事業所ひだまり' },
    });
    // The need keeps its id across versions, so the goals linked to it stay linked.
    expect(plan.latest.content.serviceUse.needs[0].id).toBe(needId);

    const diff = await lead.get(`/api/plans/${planId}/diff?from=1&to=2`);
    expect(diff.statusCode).toBe(200);
    const changes = diff.json().changes;
    expect(changes).toContainEqual({
      section: 'needs',
      rowId: needId,
      rowLabel: '働いて自分のお金を持ちたい',
      field: 'goal',
      change: 'changed',
      before: '週3回、パンの製造作業に通う',
      after: '週4回、パンの製造作業に通う',
    });
    expect(changes).toContainEqual(
      expect.objectContaining({ section: 'needs', change: 'added', after: '夜に眠れるようになりたい' }),
    );
    expect(changes).toContainEqual(
      expect.objectContaining({ section: 'plan', field: 'monitoringMonths', before: '3', after: '1' }),
    );
    expect(changes.filter((c: { field: string }) => c.field === 'personWishes')).toEqual([]);
    expect((await lead.get(`/api/plans/${planId}/diff?from=1&to=9`)).json()).toMatchObject({
      code: 'UNKNOWN_VERSION',
      field: 'to',
    });
    expect((await lead.get(`/api/plans/${planId}/versions/1`)).json().content.serviceUse.needs).toHaveLength(
      1,
    );

    const stale = await lead.post(`/api/plans/${planId}/versions/service-use`, { ...body, baseVersion: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'PLAN_VERSION_STALE', field: 'baseVersion' });
    const wrongKind = await lead.post(`/api/plans/${planId}/versions/crisis`, crisisBody({ baseVersion: 2 }));
    expect(wrongKind.json()).toMatchObject({ code: 'WRONG_PLAN_KIND' });
  });
});

describe('bad input answers 400 naming the field, and saves nothing', () => {
  it.each([
    [
      'a need without a goal',
      (b: ReturnType<typeof serviceUseBody>) => {
        const { goal: _goal, ...need } = b.needs[0]!;
        return { ...b, needs: [need] };
      },
      'needs.0.goal',
      'VALIDATION_FAILED',
    ],
    [
      'a goal of spaces only',
      (b: ReturnType<typeof serviceUseBody>) => ({ ...b, needs: [{ ...b.needs[0]!, goal: '　 ' }] }),
      'needs.0.goal',
      'VALIDATION_FAILED',
    ],
    [
      'an achievement date before the plan date',
      (b: ReturnType<typeof serviceUseBody>) => ({
        ...b,
        needs: [{ ...b.needs[0]!, achieveBy: '2026-11-24' }],
      }),
      'needs.0.achieveBy',
      'DATE_BEFORE_PLAN',
    ],
    [
      'a monitoring period of zero',
      (b: ReturnType<typeof serviceUseBody>) => ({ ...b, monitoringMonths: 0 }),
      'monitoringMonths',
      'VALIDATION_FAILED',
    ],
    [
      'no need at all',
      (b: ReturnType<typeof serviceUseBody>) => ({ ...b, needs: [] }),
      'needs',
      'VALIDATION_FAILED',
    ],
    [
      'a plan date in the future',
      (b: ReturnType<typeof serviceUseBody>) => ({ ...b, planDate: '2026-12-01' }),
      'planDate',
      'INVALID_INPUT',
    ],
  ])('%s', async (_name, change, field, code) => {
    const response = await lead.post(`/api/persons/${personId}/plans/service-use`, change(serviceUseBody()));
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ field, code });
    expect(response.json().message).toMatch(/[ぁ-んァ-ヶ一-龠]/);
    expect((await lead.get(`/api/persons/${personId}/plans`)).json().plans).toEqual([]);
  });

  it('names the field of a monitoring period of zero with its Japanese title', async () => {
    const response = await lead.post(
      `/api/persons/${personId}/plans/service-use`,
      serviceUseBody({ monitoringMonths: 0 }),
    );
    expect(response.json().message).toContain('モニタリング期間（月）');
  });

  it('names the plan date in a refusal as a Japanese date, not as ISO text', async () => {
    const response = await lead.post(
      `/api/persons/${personId}/plans/service-use`,
      serviceUseBody({ planDate: '2026-11-07', reviewOn: '2026-11-06' }),
    );
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      code: 'DATE_BEFORE_PLAN',
      field: 'reviewOn',
      message: '「見直し予定日」は計画作成日（2026年11月7日）より後の日付にしてください。',
    });
  });
});

describe('consent scoping of plans', () => {
  it('shows a team member without consent for 福祉サービス nothing, not even in lists, and audits it', async () => {
    const planId = await createPlan(lead, personId, 'service-use', serviceUseBody());
    expect((await provider.get(`/api/persons/${personId}/plans`)).json().plans).toHaveLength(1);

    const list = await clinic.get(`/api/persons/${personId}/plans`);
    expect(list.statusCode).toBe(200);
    expect(list.json().plans).toEqual([]);
    expect((await auditRows(t.database.db, 'plan.list')).at(-1)).toMatchObject({
      personId,
      outcome: 'allowed',
    });
    for (const url of [
      `/api/plans/${planId}`,
      `/api/plans/${planId}/versions/1`,
      `/api/plans/${planId}/diff?from=1&to=1`,
      `/api/plans/${planId}/pdf`,
    ]) {
      const response = await clinic.get(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.body).not.toContain('パンの製造');
    }
    const denied = (await auditRows(t.database.db, 'plan.read')).filter((r) => r.outcome === 'denied');
    expect(denied.at(-1)).toMatchObject({ targetId: planId, personId });
    expect((await auditRows(t.database.db, 'plan.pdf')).at(-1)).toMatchObject({ outcome: 'denied' });
    // Nor on the due list, though the clinic is on the team.
    await agreeAndConfirm(lead, planId);
    t.clock.set('2027-02-20T10:00:00+09:00');
    clinic = await signIn(t.app, await createUser(t.database.db, { organisationId: clinicOrg }), t.clock);
    const due = (await clinic.get('/api/due?scope=organisation')).json().items;
    expect(due.filter((i: { planId: string | null }) => i.planId)).toEqual([]);
  });

  it('shows the crisis plan only with consent for クライシス, and stops when the consent is withdrawn', async () => {
    const empty = await lead.get(`/api/persons/${personId}/crisis-plan`);
    expect(empty.statusCode).toBe(200);
    expect(empty.json()).toMatchObject({
      planId: null,
      current: null,
      pending: null,
      abilities: { create: true },
    });

    const planId = await createPlan(lead, personId, 'crisis', crisisBody());
    const pending = (await lead.get(`/api/persons/${personId}/crisis-plan`)).json();
    expect(pending).toMatchObject({ planId, current: null, pending: { version: 1, status: 'draft' } });
    await agreeAndConfirm(lead, planId);

    expect((await clinic.get(`/api/persons/${personId}/crisis-plan`)).statusCode).toBe(404);
    expect((await auditRows(t.database.db, 'crisis_plan.read')).at(-1)).toMatchObject({
      outcome: 'denied',
      personId,
    });
    const grant = await grantConsent(lead, personId, clinicOrg, ['identity', 'medical', 'crisis']);
    const seen = (await clinic.get(`/api/persons/${personId}/crisis-plan`)).json();
    expect(seen.current).toMatchObject({ version: 1, status: 'confirmed' });
    expect(seen.current.content.crisis.warningSigns).toBe(
      '「眠れない日が3日続く。部屋の電気を消せなくなる」',
    );
    expect(seen.current.content.crisis.contacts.map((c: { name: string }) => c.name)).toEqual([
      '佐藤 あおい',
      'こころのクリニック',
    ]);
    // The clinic may write the crisis plan down with the person too (consent for クライシス).
    expect(seen.abilities).toEqual({ create: false, revise: true });

    await lead.post(`/api/grants/${grant.id}/withdraw`, { note: null });
    expect((await clinic.get(`/api/persons/${personId}/crisis-plan`)).statusCode).toBe(404);
  });
});

describe('個別支援計画: each goal serves a need of the サービス等利用計画', () => {
  it('links each provider goal to a need, and the team view shows the link', async () => {
    const planId = await createPlan(lead, personId, 'service-use', serviceUseBody({}, providerOrg));
    const needId = (await lead.get(`/api/plans/${planId}`)).json().latest.content.serviceUse.needs[0].id;
    const support = supportBody(needId);
    const unlinked = await provider.post(`/api/persons/${personId}/plans/individual-support`, {
      ...support,
      goals: [{ ...support.goals[0], servesNeedId: null }],
    });
    expect(unlinked.json()).toMatchObject({ code: 'NEED_LINK_REQUIRED', field: 'goals.0.servesNeedId' });
    const unknown = await provider.post(`/api/persons/${personId}/plans/individual-support`, {
      ...support,
      goals: [{ ...support.goals[0], servesNeedId: providerOrg }],
    });
    expect(unknown.json()).toMatchObject({ code: 'UNKNOWN_NEED' });
    const supportId = await createPlan(provider, personId, 'individual-support', support);

    const teamView = (await lead.get(`/api/plans/${planId}`)).json();
    expect(teamView.linkedGoals).toEqual([
      expect.objectContaining({
        planId: supportId,
        organisationName: '就労継続支援B型そよかぜ',
        serviceType: '就労継続支援B型',
        goal: '成形作業を一人で1時間続ける',
        servesNeedId: needId,
        status: 'draft',
      }),
    ]);
    expect(teamView.providers).toEqual([
      { organisationId: providerOrg, name: '就労継続支援B型そよかぜ', onTeam: true },
    ]);
    // The provider's own plan is theirs to change; the consultation office reads it.
    expect((await provider.get(`/api/plans/${supportId}`)).json().abilities.revise).toBe(true);
    expect((await lead.get(`/api/plans/${supportId}`)).json().abilities.revise).toBe(false);
  });
});

describe('monitoring (モニタリング)', () => {
  it('records the person’s account and progress per goal, and moves the next due date', async () => {
    const planId = await createPlan(lead, personId, 'service-use', serviceUseBody());
    const before = await lead.post(`/api/plans/${planId}/monitoring`, {
      monitoredOn: '2026-11-25',
      personAccount: '「通うのは楽しい」',
      progress: [],
      needsChange: false,
    });
    expect(before.json()).toMatchObject({ code: 'PLAN_NOT_CONFIRMED' });
    const confirmed = await agreeAndConfirm(lead, planId);
    const needId = confirmed.plan.latest.content.serviceUse.needs[0].id;
    t.clock.set('2027-02-20T10:00:00+09:00');
    lead = await signIn(t.app, await createUser(t.database.db, { organisationId: await leadOrg() }), t.clock);

    const noNote = await lead.post(`/api/plans/${planId}/monitoring`, {
      monitoredOn: '2027-02-20',
      personAccount: '「朝がつらい日がある」',
      progress: [{ targetId: needId, progress: 'progressing' }],
      needsChange: true,
    });
    expect(noNote.json()).toMatchObject({ field: 'changeNote' });
    const wrongGoal = await lead.post(`/api/plans/${planId}/monitoring`, {
      monitoredOn: '2027-02-20',
      personAccount: '「朝がつらい日がある」',
      progress: [{ targetId: providerOrg, progress: 'progressing' }],
      needsChange: false,
    });
    expect(wrongGoal.json()).toMatchObject({ field: 'progress.0.targetId', code: 'UNKNOWN_GOAL' });

    const recorded = await lead.post(`/api/plans/${planId}/monitoring`, {
      monitoredOn: '2027-02-20',
      personAccount: '「朝がつらい日がある。でも水曜は楽しい」',
      progress: [{ targetId: needId, progress: 'progressing', note: '週3回のうち2回は通えている' }],
      needsChange: true,
      changeNote: '通所を午後からに変えたい（本人の希望）',
    });
    expect(recorded.statusCode, recorded.body).toBe(201);
    const plan = recorded.json();
    expect(plan.summary).toMatchObject({ lastMonitoredOn: '2027-02-20', nextMonitoringOn: '2027-05-20' });
    expect(plan.monitorings[0]).toMatchObject({
      planVersion: 1,
      personAccount: '「朝がつらい日がある。でも水曜は楽しい」',
      progress: [{ targetId: needId, goal: '週3回、パンの製造作業に通う', progress: 'progressing' }],
      needsChange: true,
    });
    // The change it found makes the review due today.
    const due = (await lead.get('/api/due?scope=organisation')).json().items;
    expect(due).toContainEqual(
      expect.objectContaining({
        kind: 'plan_review',
        planId,
        changeNeeded: true,
        dueOn: '2027-02-20',
        daysLeft: 0,
      }),
    );
    expect((await auditRows(t.database.db, 'plan.monitor')).at(-1)).toMatchObject({ personId });
  });
});

async function leadOrg(): Promise<string> {
  const row = await t.database.db
    .selectFrom('organisations')
    .select('id')
    .where('name', '=', '相談支援事業所ひだまり')
    .executeTakeFirstOrThrow();
  return row.id;
}
