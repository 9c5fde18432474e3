import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Agent } from '../../../test/agent.ts';
import { auditRows, createOrganisation, createUser, signIn, type TestUser } from '../../../test/factories.ts';
import { recordItem, registerPerson } from '../../../test/person-factories.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';

let t: TestApp;
let lead: Agent;
let leadUser: TestUser;
let responder: Agent;
let responderUser: TestUser;
let personId: string;

beforeEach(async () => {
  t = await createTestApp();
  t.clock.set('2026-11-27T21:30:00+09:00');
  const office = await createOrganisation(t.database.db);
  const base = await createOrganisation(t.database.db, {
    name: '地域生活支援拠点',
    kind: 'community_life_support_base',
  });
  leadUser = await createUser(t.database.db, { organisationId: office });
  lead = await signIn(t.app, leadUser, t.clock);
  personId = (
    await registerPerson(lead, { name: '海野 ひかり', kana: 'うみの ひかり', birthDate: '1988-08-08' })
  ).id;
  await recordItem(lead, personId, {
    category: 'crisis',
    content: '調子が悪い時は、まず姉に電話してほしい。',
    source: 'person',
    kind: 'own_words',
  });
  responderUser = await createUser(t.database.db, { organisationId: base, profession: 'base_coordinator' });
  responder = await signIn(t.app, responderUser, t.clock);
});
afterEach(async () => t.close());

const open = (body: Record<string, unknown>) => responder.post('/api/emergency-access', body);

describe('emergency access (緊急時の閲覧, break-glass)', () => {
  it('requires a reason before anything is revealed', async () => {
    const none = await open({ name: '海野 ひかり', birthDate: '1988-08-08' });
    expect(none.statusCode).toBe(400);
    expect(none.json()).toMatchObject({ field: 'reason' });
    expect(
      (await open({ name: '海野 ひかり', birthDate: '1988-08-08', reason: '短い' })).json(),
    ).toMatchObject({ field: 'reason' });
    expect(
      (await open({ birthDate: '1988-08-08', reason: '本人が意識を失い救急搬送された' })).json(),
    ).toMatchObject({ field: 'name' });
    expect(await t.database.db.selectFrom('emergencyAccesses').selectAll().execute()).toEqual([]);
  });

  it('refuses a reason of twelve spaces, ASCII or full-width: nothing granted, the team lead not told', async () => {
    for (const reason of [' '.repeat(12), '\u3000'.repeat(12)]) {
      const blank = await open({ name: '海野 ひかり', birthDate: '1988-08-08', reason });
      expect(blank.statusCode).toBe(400);
      expect(blank.json()).toEqual({
        code: 'VALIDATION_FAILED',
        field: 'reason',
        message: '「閲覧が必要な理由（生命・身体の保護のため）」(reason)は空白だけでは入力できません。',
      });
    }
    expect(await t.database.db.selectFrom('emergencyAccesses').selectAll().execute()).toEqual([]);
    expect(await auditRows(t.database.db, 'emergency.lookup')).toEqual([]);
    expect((await lead.get('/api/notifications')).json().unread).toBe(0);
  });

  it('answers an inexact match with 404 and audits the look-up', async () => {
    const partial = await open({
      name: '海野',
      birthDate: '1988-08-08',
      reason: '本人が意識を失い救急搬送された',
    });
    expect(partial.statusCode).toBe(404);
    const wrongDay = await open({
      name: '海野 ひかり',
      birthDate: '1988-08-09',
      reason: '本人が意識を失い救急搬送された',
    });
    expect(wrongDay.statusCode).toBe(404);
    const lookups = await auditRows(t.database.db, 'emergency.lookup');
    expect(lookups.map((l) => l.outcome)).toEqual(['failed', 'failed']);
    expect((lookups[0]!.details as { reason: string }).reason).toBe('本人が意識を失い救急搬送された');
  });

  it('opens the record for 4 hours with a stated reason, flags every read, and notifies the team lead', async () => {
    expect((await responder.get(`/api/persons/${personId}`)).statusCode).toBe(404);
    const opened = await open({
      kana: 'ウミノ ヒカリ',
      birthDate: '1988-08-08',
      reason: '夜間に本人から「死にたい」と電話があり、緊急連絡先を確認するため',
    });
    expect(opened.statusCode).toBe(201);
    expect(opened.json()).toMatchObject({
      matches: [{ personId, name: '海野 ひかり' }],
      expiresAt: '2026-11-27T16:30:00.000Z',
    });

    const page = await responder.get(`/api/persons/${personId}`);
    expect(page.statusCode).toBe(200);
    expect(page.json().access).toMatchObject({ onTeam: false, emergencyUntil: '2026-11-27T16:30:00.000Z' });
    const crisis = (await responder.get(`/api/persons/${personId}/items?category=crisis`)).json().items;
    expect(crisis[0].content).toContain('姉に電話');
    const openedAt = (await auditRows(t.database.db, 'emergency.open'))[0]!.seq;
    const reads = await t.database.db
      .selectFrom('auditEvents')
      .selectAll()
      .where('actorUserId', '=', responderUser.id)
      .where('personId', '=', personId)
      .where('seq', '>=', openedAt)
      .execute();
    expect(reads.length).toBeGreaterThanOrEqual(3);
    expect(reads.every((r) => r.viaEmergency)).toBe(true);
    expect(reads.find((r) => r.action === 'item.list')).toMatchObject({
      outcome: 'allowed',
      details: { category: 'crisis', returned: crisis.length },
    });
    expect((await responder.get('/api/persons')).json().persons).toMatchObject([
      { id: personId, viaEmergencyAccess: true },
    ]);

    const notes = (await lead.get('/api/notifications')).json();
    expect(notes.unread).toBe(1);
    expect(notes.notifications[0]).toMatchObject({ kind: 'emergency_access', personId });
    expect(notes.notifications[0].message).toContain('死にたい');
    expect((await lead.post(`/api/notifications/${notes.notifications[0].id}/read`)).statusCode).toBe(200);
    expect((await lead.get('/api/notifications')).json().unread).toBe(0);

    // Read-only: break-glass does not make the responder a team member.
    expect((await responder.post(`/api/persons/${personId}/grants`, {})).statusCode).toBe(400);
    expect((await responder.patch(`/api/persons/${personId}`, { phone: '090-9999-9999' })).statusCode).toBe(
      403,
    );

    t.clock.advanceMinutes(25);
    await responder.get('/api/auth/session');
    for (let i = 0; i < 9; i++) {
      t.clock.advanceMinutes(25);
      await responder.get('/api/auth/session');
    }
    expect((await responder.get(`/api/persons/${personId}`)).statusCode).toBe(404);
  });

  it('finds the person under an old or variant form of the name, never another surname read alike (本人照合)', async () => {
    const takahashi = (
      await registerPerson(lead, { name: '髙橋 花子', kana: 'たかはし はなこ', birthDate: '1985-04-01' })
    ).id;
    await registerPerson(lead, { name: '斎藤 花子', kana: 'さいとう はなこ', birthDate: '1985-04-01' });
    const reason = '夜間に本人から電話があり、緊急連絡先を確認するため';
    const found = await open({ name: '高橋 花子', birthDate: '1985-04-01', reason });
    expect(found.statusCode).toBe(201);
    expect(found.json().matches.map((m: { personId: string }) => m.personId)).toEqual([takahashi]);
    // 斉藤 written for 斎藤, read alike: a possible match only, and break-glass opens nobody on a guess.
    const guessed = await open({
      name: '斉藤 花子',
      kana: 'さいとう はなこ',
      birthDate: '1985-04-01',
      reason,
    });
    expect(guessed.statusCode).toBe(404);
  });
});
