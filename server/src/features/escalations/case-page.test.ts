import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows } from '../../../test/factories.ts';
import { notificationsOf, runDueJobs } from '../../../test/escalation-factories.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { at, buildUrgentNight, EX_HUSBAND, type UrgentNight } from '../../../test/urgent-night.ts';

/**
 * The case page says what happened and whom to call back (issue 16, item 2), through the API and
 * the real queue on the injected clock: before sending, the composer learns who receives the case
 * and whether they can read its category; the case shows the sender, the organisation's phone and
 * the call-back number always, the words where the responder's consent reaches them, else only
 * with the emergency exception (recorded with its article, both conditions, the reason and its
 * end, the team lead told) or break-glass.
 */
let t: TestApp;
let night: UrgentNight;

const WORDS = '至急電話ください。夜中に部屋で大きな物音がして、声をかけても返事がありません。GH 099-000-1101';

async function latestCaseOf(personId: string): Promise<string> {
  const c = await t.database.db
    .selectFrom('urgentCases')
    .select('id')
    .where('personId', '=', personId)
    .orderBy('openedAt', 'desc')
    .executeTakeFirstOrThrow();
  return c.id;
}

beforeAll(async () => {
  t = await createTestApp();
  night = await buildUrgentNight(t);
});

afterAll(async () => t?.close());

describe('before sending: who will receive the case and whether they can read it', () => {
  it('names the 拠点’s coordinator on duty (not its named member), says 生活 is beyond their consent, prefills the phone', async () => {
    t.clock.set(at('2026-12-10T00:40'));
    const gh = await night.agent(night.users.gh);
    const preview = await gh.get(`/api/persons/${night.personId}/urgent-preview?category=daily_living`);
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toEqual({
      recipients: [
        {
          step: 'team',
          organisationId: night.organisations.kyoten,
          organisationName: '地域生活支援拠点ともしび',
          names: ['拠点 よるの'],
          canRead: false,
        },
      ],
      later: ['当番（副）', '基幹相談支援センター', '精神科救急医療情報センター'],
      organisationPhone: '099-000-1101',
      exceptionArticle: '個人情報保護法 第27条第1項第2号',
    });
    const crisis = (await gh.get(`/api/persons/${night.personId}/urgent-preview?category=crisis`)).json();
    expect(crisis.recipients).toMatchObject([{ names: ['拠点 よるの'], canRead: true }]);
    // A public body's exception rests on 第69条.
    const hokenjo = await night.agent(night.users.hokenjo);
    expect(
      (await hokenjo.get(`/api/persons/${night.personId}/urgent-preview?category=daily_living`)).json(),
    ).toMatchObject({ organisationPhone: '099-000-2000', exceptionArticle: '個人情報保護法 第69条第2項' });
    expect((await auditRows(t.database.db, 'urgent.preview')).at(-1)).toMatchObject({
      personId: night.personId,
      outcome: 'allowed',
    });
  });

  it('answers 404 outside the team and 400 naming a category that is none (or missing)', async () => {
    const outsider = await night.agent(night.users.outsider);
    expect(
      (await outsider.get(`/api/persons/${night.personId}/urgent-preview?category=crisis`)).statusCode,
    ).toBe(404);
    const gh = await night.agent(night.users.gh);
    const bad = await gh.get(`/api/persons/${night.personId}/urgent-preview?category=everything`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'VALIDATION_FAILED', field: 'category' });
    const missing = await gh.get(`/api/persons/${night.personId}/urgent-preview`);
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ field: 'category' });
  });
});

describe('sending: a number to call back, and the exception’s conditions', () => {
  it('refuses a 緊急 without a call-back number, an exception missing a condition or on a 至急 — and writes nothing', async () => {
    const gh = await night.agent(night.users.gh);
    const before = await t.database.db.selectFrom('messages').select('id').execute();
    const send = (body: Record<string, unknown>) =>
      gh.post(`/api/persons/${night.personId}/messages`, {
        category: 'daily_living',
        priority: 'emergency',
        body: WORDS,
        ...body,
      });
    const refusals: [Record<string, unknown>, string][] = [
      [{}, 'callbackPhone'],
      [{ priority: 'normal', callbackPhone: '090-1234-5678' }, 'callbackPhone'],
      [
        {
          callbackPhone: '090-1234-5678',
          emergencyException: { protectsLifeOrBody: false, consentDifficult: true, reason: '応答がない' },
        },
        'emergencyException.protectsLifeOrBody',
      ],
      [
        {
          callbackPhone: '090-1234-5678',
          emergencyException: { protectsLifeOrBody: true, consentDifficult: false, reason: '応答がない' },
        },
        'emergencyException.consentDifficult',
      ],
      [
        {
          priority: 'urgent',
          emergencyException: { protectsLifeOrBody: true, consentDifficult: true, reason: '応答がない' },
        },
        'emergencyException',
      ],
      [
        {
          callbackPhone: '090-1234-5678',
          emergencyException: { protectsLifeOrBody: true, consentDifficult: true },
        },
        'emergencyException.reason',
      ],
      [{ callbackPhone: '電話してください' }, 'callbackPhone'],
    ];
    for (const [body, field] of refusals) {
      const refused = await send(body);
      expect(refused.statusCode, JSON.stringify(body)).toBe(400);
      expect(refused.json().field).toBe(field);
      expect(refused.json().message).toMatch(/[ぁ-ん]/);
    }
    expect(await t.database.db.selectFrom('messages').select('id').execute()).toHaveLength(before.length);
    expect(await t.database.db.selectFrom('urgentDisclosures').select('id').execute()).toEqual([]);
  });
});

describe('a 至急 under 生活 reaches a 拠点 without 生活 consent', () => {
  let caseId: string;

  it('shows the coordinator on duty who sent it and whom to call back — dialable — but not the words', async () => {
    const gh = await night.agent(night.users.gh);
    const posted = await gh.post(`/api/persons/${night.personId}/messages`, {
      category: 'daily_living',
      priority: 'urgent',
      // Typed on a phone, full-width: stored as the digits the tel: link dials.
      callbackPhone: '０９０－９９９９－１２３４',
      body: WORDS,
    });
    expect(posted.statusCode, posted.body).toBe(201);
    await runDueJobs(t);
    caseId = await latestCaseOf(night.personId);
    const seen = await (await night.agent(night.users.onDuty)).get(`/api/urgent-cases/${caseId}`);
    expect(seen.statusCode, seen.body).toBe(200);
    const view = seen.json();
    expect(view).toMatchObject({
      priority: 'urgent',
      category: 'daily_living',
      openedBy: {
        name: '世話人 あけみ',
        organisationName: 'グループホームあけぼの',
        organisationPhone: '099-000-1101',
      },
      callbackPhone: '090-9999-1234',
      message: { body: null, withheld: true, withdrawn: false, basis: null },
      disclosure: null,
      person: { name: '渚 あかり', crisisVisible: true, canBreakGlass: true },
    });
    expect(seen.body).not.toContain('物音');
    const read = (await auditRows(t.database.db, 'urgent.read')).at(-1);
    expect(read).toMatchObject({ targetId: caseId, personId: night.personId });
    expect(read?.details).toMatchObject({ message: null });
  });

  it('shows the words to the sender, to a team member whose consent covers 生活, and after break-glass', async () => {
    const own = (await (await night.agent(night.users.gh)).get(`/api/urgent-cases/${caseId}`)).json();
    expect(own.message).toEqual({
      body: WORDS,
      withheld: false,
      withdrawn: false,
      basis: 'own_organisation',
    });
    const lead = (await (await night.agent(night.users.lead)).get(`/api/urgent-cases/${caseId}`)).json();
    expect(lead.message).toMatchObject({ body: WORDS, basis: 'consent' });

    const coordinator = await night.agent(night.users.onDuty);
    const refused = await coordinator.post(`/api/urgent-cases/${caseId}/break-glass`, { reason: '' });
    expect(refused.statusCode).toBe(400);
    const opened = await coordinator.post(`/api/urgent-cases/${caseId}/break-glass`, {
      reason: '物音の後に応答がなく、生命の危険があるため内容を確認する。',
    });
    expect(opened.statusCode, opened.body).toBe(200);
    expect(opened.json().message).toEqual({
      body: WORDS,
      withheld: false,
      withdrawn: false,
      basis: 'break_glass',
    });
    const read = (await auditRows(t.database.db, 'urgent.read')).at(-1);
    expect(read).toMatchObject({
      viaEmergency: true,
      details: expect.objectContaining({ message: 'break_glass' }),
    });
  });
});

describe('the DV warning on the case page', () => {
  it('names the excluded contact where the reader may see the person, and only says there is one where not', async () => {
    t.clock.set(at('2026-12-10T00:45'));
    const gh = await night.agent(night.users.gh);
    const posted = await gh.post(`/api/persons/${night.hiddenPersonId}/messages`, {
      category: 'daily_living',
      priority: 'emergency',
      callbackPhone: '099-000-1101',
      body: '夜になって強い不安を訴えています。',
    });
    expect(posted.statusCode, posted.body).toBe(201);
    await runDueJobs(t);
    const caseId = await latestCaseOf(night.hiddenPersonId);
    const hidden = await (await night.agent(night.users.onDuty)).get(`/api/urgent-cases/${caseId}`);
    expect(hidden.json()).toMatchObject({
      person: { name: null },
      doNotTell: { present: true, contacts: null },
    });
    expect(hidden.body).not.toContain(EX_HUSBAND.name);
    expect(hidden.body).not.toContain(EX_HUSBAND.phone);
    const named = (await gh.get(`/api/urgent-cases/${caseId}`)).json();
    expect(named.doNotTell).toEqual({
      present: true,
      contacts: [
        {
          name: EX_HUSBAND.name,
          relationship: 'spouse',
          note: 'DVのため、所在も支援の状況も一切伝えない（本人の強い希望）。',
        },
      ],
    });
  });
});

describe('a 緊急 with the emergency exception', () => {
  let caseId: string;
  const reason = '物音の後に応答がなく、本人の生命に関わるおそれがある。本人は応答できず同意を得られない。';

  it('shares the words with the responders on that basis, recorded with the article, both conditions, the reason and its end', async () => {
    t.clock.set(at('2026-12-10T00:52'));
    const gh = await night.agent(night.users.gh);
    const posted = await gh.post(`/api/persons/${night.personId}/messages`, {
      category: 'daily_living',
      priority: 'emergency',
      callbackPhone: '099-000-1101',
      body: WORDS,
      emergencyException: { protectsLifeOrBody: true, consentDifficult: true, reason },
    });
    expect(posted.statusCode, posted.body).toBe(201);
    await runDueJobs(t);
    caseId = await latestCaseOf(night.personId);
    // The backup on duty has not been reached yet; the coordinator on duty has.
    const view = (
      await (await night.agent(night.users.onDutyBackup)).get(`/api/urgent-cases/${caseId}`)
    ).json();
    expect(view.message).toMatchObject({ body: WORDS, basis: 'emergency_exception' });
    expect(view.disclosure).toEqual({
      article: '個人情報保護法 第27条第1項第2号',
      senderKind: 'private',
      protectsLifeOrBody: true,
      consentDifficult: true,
      reason,
      startsAt: new Date(at('2026-12-10T00:52')).toISOString(),
      endsAt: new Date(at('2026-12-11T00:52')).toISOString(),
      active: true,
      recordedByOrganisationName: 'グループホームあけぼの',
    });
    const disclose = (await auditRows(t.database.db, 'urgent.disclose')).at(-1);
    expect(disclose).toMatchObject({ targetId: caseId, personId: night.personId });
    expect(disclose?.details).toMatchObject({ article: '個人情報保護法 第27条第1項第2号', reason });
  });

  it('records who was told, once each, and tells the team lead at once', async () => {
    const backup = await night.agent(night.users.onDutyBackup);
    await backup.get(`/api/urgent-cases/${caseId}`);
    // The coordinator still holds the break-glass opened for the 至急: that, not the exception, shows them the words.
    const coordinator = (
      await (await night.agent(night.users.onDuty)).get(`/api/urgent-cases/${caseId}`)
    ).json();
    expect(coordinator.message).toMatchObject({ body: WORDS, basis: 'break_glass' });
    const told = await t.database.db
      .selectFrom('urgentDisclosureRecipients as r')
      .innerJoin('urgentDisclosures as d', 'd.id', 'r.disclosureId')
      .select(['r.userId', 'r.organisationId', 'r.firstShownAt'])
      .where('d.caseId', '=', caseId)
      .execute();
    expect(told).toEqual([
      {
        userId: night.users.onDutyBackup.id,
        organisationId: night.organisations.kyoten,
        firstShownAt: new Date(at('2026-12-10T00:52')),
      },
    ]);
    const lead = (await notificationsOf(await night.agent(night.users.lead))).filter(
      (n) => n.kind === 'urgent_disclosure',
    );
    expect(lead).toHaveLength(1);
    expect(lead[0]!.message).toContain('個人情報保護法 第27条第1項第2号');
    expect(lead[0]!.params).toMatchObject({ caseId });
  });

  it('rests on 第69条第2項 when a public body (保健所) sends it', async () => {
    t.clock.set(at('2026-12-10T01:10'));
    const hokenjo = await night.agent(night.users.hokenjo);
    const posted = await hokenjo.post(`/api/persons/${night.personId}/messages`, {
      category: 'daily_living',
      priority: 'emergency',
      callbackPhone: '099-000-2000',
      body: '訪問したが応答がない。室内で倒れている可能性がある。',
      emergencyException: { protectsLifeOrBody: true, consentDifficult: true, reason },
    });
    expect(posted.statusCode, posted.body).toBe(201);
    const recorded = await t.database.db
      .selectFrom('urgentDisclosures')
      .select(['article', 'senderKind', 'protectsLifeOrBody', 'consentDifficult'])
      .where('caseId', '=', await latestCaseOf(night.personId))
      .executeTakeFirstOrThrow();
    expect(recorded).toEqual({
      article: '個人情報保護法 第69条第2項',
      senderKind: 'public',
      protectsLifeOrBody: true,
      consentDifficult: true,
    });
  });
  it('does not share them with a team member who is not responding, nor after its end', async () => {
    // The clinic is on the team without 生活 consent and was not asked (closed at night).
    const clinic = (await (await night.agent(night.users.clinic)).get(`/api/urgent-cases/${caseId}`)).json();
    expect(clinic.message).toEqual({ body: null, withheld: true, withdrawn: false, basis: null });
    t.clock.set(at('2026-12-11T00:53'));
    const after = (await (await night.agent(night.users.onDuty)).get(`/api/urgent-cases/${caseId}`)).json();
    expect(after.message).toMatchObject({ body: null, withheld: true, basis: null });
    expect(after.disclosure).toMatchObject({ active: false });
  });
});
