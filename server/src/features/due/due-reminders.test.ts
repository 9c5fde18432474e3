import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { informationCategories } from '@tsunagu/contract';
import type { Agent } from '../../../test/agent.ts';
import { auditRows, createOrganisation, createUser, signIn, type TestUser } from '../../../test/factories.ts';
import { addToTeam, grantConsent, registerPerson } from '../../../test/person-factories.ts';
import { agreeAndConfirm, createPlan, serviceUseBody, supportBody } from '../../../test/plan-factories.ts';
import { SmtpCapture } from '../../../test/smtp-capture.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { DUE_REMINDER_QUEUE, scheduleDueReminders } from './due-reminders.ts';

let t: TestApp;
let smtp: SmtpCapture;
let office: string;
let provider: string;
let leadUser: TestUser;
let colleagueUser: TestUser;
let providerUser: TestUser;

beforeEach(async () => {
  smtp = new SmtpCapture();
  await smtp.start();
  t = await createTestApp({
    config: { TSUNAGU_SMTP_URL: smtp.url, TSUNAGU_PUBLIC_URL: 'https://tsunagu.example.jp' },
  });
  t.clock.set('2026-11-25T10:00:00+09:00');
  office = await createOrganisation(t.database.db, { name: '相談支援事業所ひだまり' });
  provider = await createOrganisation(t.database.db, {
    name: '就労継続支援B型そよかぜ',
    kind: 'disability_welfare_service_provider',
  });
  leadUser = await createUser(t.database.db, { organisationId: office, email: 'lead@example.jp' });
  colleagueUser = await createUser(t.database.db, { organisationId: office, email: 'colleague@example.jp' });
  providerUser = await createUser(t.database.db, {
    organisationId: provider,
    profession: 'service_manager',
    email: 'sabikan@example.jp',
  });
});
afterEach(async () => {
  await t.close();
  await smtp.stop();
});

/** Runs every job due at the clock's now, and those they enqueue for now, until none is left. */
async function drain(): Promise<void> {
  while ((await t.deps.jobs.runDue()) > 0);
}

/** The morning of a day: 7:00 in Tokyo, when the day's reminders are due. */
async function morningOf(day: string): Promise<void> {
  t.clock.set(`${day}T07:00:00+09:00`);
  await drain();
}

/** The due reminders a user holds, as their notification list says them, oldest first. */
async function remindersOf(user: TestUser): Promise<{ message: string; personId: string; kind: string }[]> {
  t.clock.advanceMinutes(1);
  const agent = await signIn(t.app, user, t.clock);
  const list = (await agent.get('/api/notifications')).json().notifications as {
    kind: string;
    message: string;
    personId: string;
  }[];
  return list.filter((n) => n.kind === 'due_reminder').reverse();
}

/** A person the lead office registered (it leads the team, its 相談支援専門員 named on it). */
async function personOfTheLead(lead: Agent, name: string): Promise<string> {
  const id = (await registerPerson(lead, { name, kana: 'かくう' })).id;
  await grantConsent(lead, id, office, [...informationCategories]);
  return id;
}

describe('reminders of 期限 that arrive (in the app and by e-mail, once per band)', () => {
  it('tells the named staff of the lead office each band once, on the injected clock, through the job queue', async () => {
    const lead = await signIn(t.app, leadUser, t.clock);
    const personId = await personOfTheLead(lead, '架空 期限子');
    await addToTeam(lead, personId, provider, 'service_provider', { userId: providerUser.id });
    await grantConsent(lead, personId, provider, ['identity', 'welfare_services'], {
      expiresOn: '2027-03-05',
    });
    const certificate = await lead.post(`/api/persons/${personId}/certificates`, {
      kind: 'service_recipient',
      validUntil: '2027-03-05',
    });
    expect(certificate.statusCode, certificate.body).toBe(201);
    // The plan's monitoring (every 3 months) falls on 2027-02-25; its reminders start 30 days before.
    const planId = await createPlan(lead, personId, 'service-use', serviceUseBody({ reviewOn: null }));
    await agreeAndConfirm(lead, planId);

    // Started after 7:00 on 11/25: today's run goes at once. 100 days ahead is beyond every band.
    await scheduleDueReminders(t.deps.jobs, t.database.db, t.clock.now());
    await drain();
    expect(await remindersOf(leadUser)).toEqual([]);

    await morningOf('2026-12-05'); // 90 days before the certificate and the provider's consent
    const at90 = await remindersOf(leadUser);
    expect(at90.map((n) => n.message).sort()).toEqual([
      // In the app the reminder names the person, since the reader's consent reaches identity
      // (decided when it is read; e-mail never names anyone).
      '架空 期限子さんについて: 担当している方の同意の期限まで90日を切りました（あと90日）。期限の一覧で確認してください。',
      '架空 期限子さんについて: 担当している方の障害福祉サービス受給者証の有効期限まで90日を切りました（あと90日）。期限の一覧で確認してください。',
    ]);
    expect(at90.every((n) => n.personId === personId)).toBe(true);
    // Not the colleague who is not named on the team, nor the provider: the renewals are the
    // lead office's (the provider's own list still shows the certificate).
    expect(await remindersOf(colleagueUser)).toEqual([]);
    expect(await remindersOf(providerUser)).toEqual([]);
    t.clock.advanceMinutes(1);
    const providerDue = (await (await signIn(t.app, providerUser, t.clock)).get('/api/due')).json().items;
    expect(providerDue.map((i: { kind: string }) => i.kind)).toContain('certificate');

    // The next mornings are still in the 90-day band: nothing new, whatever runs again.
    await morningOf('2026-12-06');
    await t.deps.jobs.enqueue(t.database.db, {
      queue: DUE_REMINDER_QUEUE,
      key: 'run-again-after-a-crash',
      payload: { userId: leadUser.id, organisationId: office },
    });
    await drain();
    await morningOf('2026-12-20');
    expect(await remindersOf(leadUser)).toHaveLength(2);

    await morningOf('2027-01-04'); // 60 days
    await morningOf('2027-02-03'); // 30 days; the monitoring is 22 days away
    await morningOf('2027-03-06'); // all past due
    const messages = (await remindersOf(leadUser)).map((n) => n.message);
    expect(messages).toHaveLength(2 + 2 + 3 + 3);
    for (const [kind, count] of [
      ['同意の期限まで60日を切りました', 1],
      ['受給者証の有効期限まで30日を切りました', 1],
      ['モニタリングの時期まで30日を切りました（あと22日）', 1],
      ['モニタリングの時期を過ぎています', 1],
      ['受給者証の有効期限を過ぎています', 1],
      ['同意の期限を過ぎています', 1],
    ] as const)
      expect(
        messages.filter((m) => m.includes(kind)),
        kind,
      ).toHaveLength(count);

    // Each reminder came by e-mail too, saying only that there is something to read.
    const mails = smtp.received.filter((m) => JSON.stringify(m.to).includes('lead@example.jp'));
    expect(mails).toHaveLength(10);
    for (const mail of mails) {
      expect(mail.subject).toBe('つなぐ: 新しいお知らせがあります');
      for (const secret of ['架空', '期限子', '受給者証', 'モニタリング', '同意', '就労継続'])
        expect(`${mail.subject} ${mail.text ?? ''}`).not.toContain(secret);
      expect(mail.text).toContain('https://tsunagu.example.jp/notifications/');
    }

    expect(await remindersOf(colleagueUser)).toEqual([]);
    expect(await remindersOf(providerUser)).toEqual([]);

    expect((await auditRows(t.database.db, 'due.reminder')).at(-1)).toMatchObject({
      personId,
      targetType: 'due_reminder',
      outcome: 'allowed',
      // Audited as the system: no actor, the job's key, which job and why.
      actorUserId: null,
      actorOrganisationId: null,
      requestId: expect.stringMatching(/^due-reminder:/),
      details: expect.objectContaining({
        system: { job: 'due.reminder', purpose: '職員に担当の期限を知らせる' },
      }),
    });
  });

  it('reminds a provider of its own 個別支援計画, and nobody of what their consent does not cover', async () => {
    const lead = await signIn(t.app, leadUser, t.clock);
    const personId = await personOfTheLead(lead, '架空 範囲');
    await addToTeam(lead, personId, provider, 'service_provider', { userId: providerUser.id });
    await grantConsent(lead, personId, provider, ['identity', 'welfare_services']);
    const sabikan = await signIn(t.app, providerUser, t.clock);
    const servicePlan = await createPlan(lead, personId, 'service-use', serviceUseBody({ reviewOn: null }));
    const needId = (await lead.get(`/api/plans/${servicePlan}`)).json().latest.content.serviceUse.needs[0].id;
    // Monitored every month: due 2026-12-25, so in the 30-day band at once.
    const supportPlan = await createPlan(
      sabikan,
      personId,
      'individual-support',
      supportBody(needId, { monitoringMonths: 1 }),
    );
    await agreeAndConfirm(sabikan, supportPlan);
    // A certificate the provider recorded, while the lead office's consent no longer covers
    // 福祉サービス: the office may not see it, so it is told of nothing about it.
    const wide = await allGrantId(personId, office);
    await grantConsent(lead, personId, office, ['identity']);
    const withdrawn = await lead.post(`/api/grants/${wide}/withdraw`, { note: null });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    const added = await sabikan.post(`/api/persons/${personId}/certificates`, {
      kind: 'outpatient_medical',
      validUntil: '2027-01-20',
    });
    expect(added.statusCode, added.body).toBe(201);

    await scheduleDueReminders(t.deps.jobs, t.database.db, t.clock.now());
    await drain();
    expect((await remindersOf(providerUser)).map((n) => n.message)).toEqual([
      '架空 範囲さんについて: 担当している方のモニタリングの時期まで30日を切りました（あと30日）。期限の一覧で確認してください。',
    ]);
    expect(await remindersOf(leadUser)).toEqual([]);
  });
});

/** The lead office's grant covering every category (to withdraw it). */
async function allGrantId(personId: string, organisationId: string): Promise<string | undefined> {
  const rows = await t.database.db
    .selectFrom('accessGrants as g')
    .innerJoin('accessGrantCategories as c', 'c.grantId', 'g.id')
    .select('g.id')
    .where('g.personId', '=', personId)
    .where('g.organisationId', '=', organisationId)
    .where('c.category', '=', 'welfare_services')
    .execute();
  return rows[0]?.id;
}
