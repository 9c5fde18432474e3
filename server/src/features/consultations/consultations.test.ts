import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '../../../test/agent.ts';
import {
  auditRows,
  createOrganisation,
  createRegionTree,
  createUser,
  signIn,
  type TestUser,
} from '../../../test/factories.ts';
import { configureOrganisation, createShift, weekdayHours } from '../../../test/on-call-factories.ts';
import { addToTeam, grantConsent, registerPerson } from '../../../test/person-factories.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';

/**
 * 緊急時の相談対応記録: a 拠点 coordinator on call takes a call on Saturday night, writes it down,
 * and the log routes it (緊急 about a known person), asks another office to follow up, and lands
 * in the team lead's Monday handover.
 */
const at = (local: string) => `${local}+09:00`;
const PERSON = '月島 あおい';

let t: TestApp;
let kyoten: string;
let office: string;
let clinic: string;
let coordinator: TestUser;
let backup: TestUser;
let leadUser: TestUser;
let clinicUser: TestUser;
let outsider: TestUser;
let personId: string;
const agents = new Map<string, Agent>();

async function agent(user: TestUser): Promise<Agent> {
  const known = agents.get(user.id);
  if (known) return known;
  const fresh = await signIn(t.app, user, t.clock);
  agents.set(user.id, fresh);
  return fresh;
}

const call = (overrides: Record<string, unknown> = {}) => ({
  channel: 'phone',
  callerRelationship: 'family',
  callerName: '月島 しずか',
  callerPhone: '090-2222-3333',
  personId,
  asked: '母が「眠れない、死にたい」と言っている。どうしたらよいか。',
  done: '本人と電話で話し、クライシスプランに沿って姉に来てもらうよう依頼した。',
  outcome: '本人は落ち着いた。明朝、主治医に連絡が必要。',
  priority: 'emergency',
  followUpNeeded: true,
  followUpOrganisationId: clinic,
  followUpNote: '明朝、受診調整をお願いします。',
  ...overrides,
});

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  t.clock.set(at('2026-11-28T10:00'));
  const regions = await createRegionTree(db);
  office = await createOrganisation(db, {
    name: '相談支援事業所みなも',
    kind: 'designated_specific_consultation_office',
  });
  clinic = await createOrganisation(db, { name: 'しおさいクリニック', kind: 'clinic', sector: 'medical' });
  kyoten = await createOrganisation(db, {
    name: '地域生活支援拠点ともに',
    kind: 'community_life_support_base',
  });
  const elsewhere = await createOrganisation(db, { name: '別の事業所', kind: 'group_home' });
  await configureOrganisation(db, office, { hours: weekdayHours('09:00', '17:00') });
  await configureOrganisation(db, clinic, { hours: weekdayHours('09:00', '18:00') });
  leadUser = await createUser(db, { organisationId: office, displayName: '相談 みお' });
  clinicUser = await createUser(db, { organisationId: clinic, displayName: '医師 しお' });
  coordinator = await createUser(db, { organisationId: kyoten, displayName: '拠点 ともえ' });
  backup = await createUser(db, { organisationId: kyoten, displayName: '拠点 ふたば' });
  outsider = await createUser(db, { organisationId: elsewhere, displayName: '別 のぞみ' });

  const lead = await agent(leadUser);
  personId = (
    await registerPerson(lead, {
      name: PERSON,
      kana: 'つきしま あおい',
      dailyLifeAreaId: regions.daily,
      responsibleMunicipalityId: regions.municipality,
    })
  ).id;
  await addToTeam(lead, personId, clinic, 'attending_physician', { userId: clinicUser.id });
  await addToTeam(lead, personId, kyoten, 'support_base', { userId: coordinator.id });
  await grantConsent(lead, personId, clinic, ['identity', 'medical']);
  await grantConsent(lead, personId, kyoten, ['identity', 'crisis']);
  await createShift(db, {
    organisationId: kyoten,
    startsAt: at('2026-11-27T17:00'),
    endsAt: at('2026-11-30T08:30'),
    primaryUserId: coordinator.id,
    backupUserId: backup.id,
    regionIds: [regions.municipality],
    contactPhone: '090-0000-0009',
  });
});

afterAll(async () => {
  await t?.close();
});

describe('緊急時の相談対応記録 (emergency consultation log)', () => {
  let consultationId: string;

  it('records a night call about a known person, routes it as urgent, and asks the clinic to follow up', async () => {
    t.clock.set(at('2026-11-28T23:10'));
    const c = await agent(coordinator);
    const recorded = await c.post(
      '/api/consultations',
      call({ receivedAt: new Date(at('2026-11-28T23:05')).toISOString() }),
    );
    expect(recorded.statusCode, recorded.body).toBe(201);
    const body = recorded.json();
    consultationId = body.id;
    expect(body).toMatchObject({
      receivedAt: new Date(at('2026-11-28T23:05')).toISOString(),
      person: { id: personId, name: PERSON },
      priority: 'emergency',
      followUp: {
        needed: true,
        organisationName: 'しおさいクリニック',
        note: '明朝、受診調整をお願いします。',
      },
      receivedBy: { name: '拠点 ともえ', organisationName: '地域生活支援拠点ともに' },
    });
    expect(body.urgentCaseId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await auditRows(t.database.db, 'consultation.record')).toHaveLength(1);

    // 緊急 about a known person opens an urgent case, as an urgent message would.
    while ((await t.deps.jobs.runDue()) > 0);
    const view = await c.get(`/api/urgent-cases/${body.urgentCaseId}`);
    expect(view.statusCode, view.body).toBe(200);
    expect(view.json()).toMatchObject({
      source: { kind: 'consultation', id: consultationId },
      status: 'open',
    });

    // The clinic is asked to follow up, in the app.
    const clinicNotes = (await (await agent(clinicUser)).get('/api/notifications')).json().notifications;
    const followUp = clinicNotes.find((n: { kind: string }) => n.kind === 'consultation_follow_up');
    expect(followUp).toMatchObject({ subjectId: consultationId });
    // Named because the clinic's consent reaches her identity (decided when the notice is read).
    expect(followUp.message).toBe(
      '月島 あおいさんについて: 地域生活支援拠点ともにが受けた相談のフォローをお願いします。相談対応記録を確認してください。',
    );
  });

  it('lists the log for the receiving office and the follow-up office, newest first, naming the person only within consent', async () => {
    const own = (await (await agent(coordinator)).get('/api/consultations')).json().consultations;
    expect(own.map((x: { id: string }) => x.id)).toEqual([consultationId]);
    const asked = (await (await agent(clinicUser)).get('/api/consultations?followUp=true')).json()
      .consultations;
    expect(asked).toMatchObject([{ id: consultationId, person: { id: personId, name: PERSON } }]);
    // The clinic's consent has no クライシス: the person page does not list it beyond its own follow-ups…
    const onPerson = (await (await agent(clinicUser)).get(`/api/persons/${personId}/consultations`)).json();
    expect(onPerson.consultations.map((x: { id: string }) => x.id)).toEqual([consultationId]);
    // …and an office with no part in it reads nothing.
    expect((await (await agent(outsider)).get(`/api/consultations/${consultationId}`)).statusCode).toBe(404);
    expect((await (await agent(outsider)).get('/api/consultations')).json().consultations).toEqual([]);
    const denied = await auditRows(t.database.db, 'consultation.read');
    expect(denied.some((r) => r.outcome === 'denied')).toBe(true);
  });

  it('puts the consultation into the team lead’s handover at Monday’s opening', async () => {
    t.clock.set(at('2026-11-30T09:00'));
    while ((await t.deps.jobs.runDue()) > 0);
    agents.delete(leadUser.id);
    const lead = await agent(leadUser);
    const list = (await lead.get('/api/handovers')).json().handovers;
    expect(list).toHaveLength(1);
    const handover = (await lead.get(`/api/handovers/${list[0].id}`)).json();
    const consultation = handover.entries.find((e: { kind: string }) => e.kind === 'consultation');
    expect(consultation).toMatchObject({
      consultationId,
      personName: PERSON,
      consultationOrganisationName: '地域生活支援拠点ともに',
      consultationFollowUp: true,
    });
  });

  it('refuses what cannot be right, naming the field, and saves nothing', async () => {
    agents.delete(coordinator.id);
    const c = await agent(coordinator);
    const before = (await c.get('/api/consultations?from=2026-11-01&to=2026-11-30')).json().consultations
      .length;
    const cases: [Record<string, unknown>, string][] = [
      [{ followUpOrganisationId: null, followUpUserId: null }, 'followUpOrganisationId'],
      [{ followUpNeeded: false }, 'followUpNeeded'],
      [{ receivedAt: new Date(at('2026-11-30T12:00')).toISOString() }, 'receivedAt'],
      [{ followUpUserId: coordinator.id }, 'followUpUserId'],
      [{ personId: null, personDescription: null }, 'personDescription'],
      [{ asked: '' }, 'asked'],
      [{ channel: 'fax' }, 'channel'],
    ];
    for (const [change, field] of cases) {
      const refused = await c.post('/api/consultations', call(change));
      expect(refused.statusCode, JSON.stringify(change)).toBe(400);
      expect(refused.json().field, JSON.stringify(change)).toBe(field);
      expect(refused.json().message).toMatch(/[ぁ-んァ-ヶ一-龠]/);
    }
    const after = (await c.get('/api/consultations?from=2026-11-01&to=2026-11-30')).json().consultations
      .length;
    expect(after).toBe(before);
    expect((await c.get('/api/consultations?from=2026-11-30&to=2026-11-01')).json().field).toBe('from');
  });

  it('records a call about someone not yet known, and refuses a person outside the caller’s scope with 404', async () => {
    const c = await agent(coordinator);
    const unknown = await c.post(
      '/api/consultations',
      call({
        personId: null,
        personDescription: '駅前で保護された60代くらいの男性。名前を言わない。',
        followUpNeeded: false,
        followUpOrganisationId: null,
        followUpNote: null,
      }),
    );
    expect(unknown.statusCode, unknown.body).toBe(201);
    expect(unknown.json()).toMatchObject({ person: null, urgentCaseId: null });
    agents.delete(outsider.id);
    const o = await agent(outsider);
    const hidden = await o.post(
      '/api/consultations',
      call({ followUpNeeded: false, followUpOrganisationId: null }),
    );
    expect(hidden.statusCode).toBe(404);
  });
});
