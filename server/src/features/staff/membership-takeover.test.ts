import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Agent } from '../../../test/agent.ts';
import { createOrganisation, createUser, signIn, type TestUser } from '../../../test/factories.ts';
import { clinicAndCareOffice } from '../../../test/membership-world.ts';
import { registerPerson } from '../../../test/person-factories.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';

/**
 * Issue 14: an organisation admin added another organisation's admin to their own by e-mail,
 * then reset that account's password and second factor. Each test replays a part of it.
 */
let t: TestApp;
let clinic: string;
let careOffice: string;
let clinicAdmin: TestUser;
let careAdmin: TestUser;
let asClinicAdmin: Agent;
let asCareAdmin: Agent;

const role = { profession: 'care_manager', role: 'org_admin' };
const invite = (agent: Agent, email: string, organisationId = careOffice) =>
  agent.post(`/api/organisations/${organisationId}/members`, { email, ...role });

/** The answers B's admin gets when trying each step of the takeover on an account. */
async function takeoverAttempts(agent: Agent, userId: string) {
  const answers = await Promise.all([
    agent.get(`/api/staff/${userId}`),
    agent.patch(`/api/staff/${userId}`, { displayName: '乗っ取り' }),
    agent.post(`/api/staff/${userId}/password-reset`),
    agent.post(`/api/staff/${userId}/two-factor-reset`),
    agent.put(`/api/staff/${userId}/disabled`, { disabled: true }),
  ]);
  return answers.map((r) => r.statusCode);
}

async function accountState(userId: string) {
  return t.database.db
    .selectFrom('users')
    .select(['displayName', 'passwordHash', 'totpSecret', 'disabledAt'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
}

interface AuditViewRow {
  action: string;
  outcome: string;
  actorName: string;
  details: Record<string, unknown> | null;
}

async function auditView(agent: Agent): Promise<AuditViewRow[]> {
  const response = await agent.get('/api/audit-events?limit=500');
  expect(response.statusCode).toBe(200);
  return response.json().events;
}

beforeEach(async () => {
  t = await createTestApp();
  t.clock.set('2026-12-07T10:00:00+09:00');
  ({ clinic, careOffice, clinicAdmin, careAdmin } = await clinicAndCareOffice(t.database.db));
  asClinicAdmin = await signIn(t.app, clinicAdmin, t.clock);
  asCareAdmin = await signIn(t.app, careAdmin, t.clock);
});
afterEach(async () => t.close());

describe('the cross-organisation takeover (issue 14)', () => {
  it('gives the inviting admin nothing: the same answer as for a free address, and no way to the account or its persons', async () => {
    const personId = (await registerPerson(asClinicAdmin, { name: '架空 みらい', kana: 'かくう みらい' })).id;
    const before = await accountState(clinicAdmin.id);

    const taken = await invite(asCareAdmin, clinicAdmin.email);
    const free = await invite(asCareAdmin, 'nobody-at-all@test.tsunagu.example');
    expect(taken.statusCode).toBe(202);
    expect([free.statusCode, free.json()]).toEqual([taken.statusCode, taken.json()]);
    expect(taken.json()).toEqual({ outcome: 'invited', message: '招待を送りました。' });

    expect(await takeoverAttempts(asCareAdmin, clinicAdmin.id)).toEqual([404, 404, 404, 404, 404]);
    const list = (await asCareAdmin.get('/api/staff')).json();
    expect(list.staff.map((s: { id: string }) => s.id)).not.toContain(clinicAdmin.id);
    expect((await asCareAdmin.get(`/api/persons/${personId}`)).statusCode).toBe(404);
    expect(await accountState(clinicAdmin.id)).toEqual(before);

    // The inviter's list shows the two addresses as typed, in the same shape: nothing tells them apart.
    const pending = (await asCareAdmin.get(`/api/organisations/${careOffice}/invitations`)).json()
      .invitations;
    expect(pending.map((i: { email: string }) => i.email).sort()).toEqual(
      [clinicAdmin.email, 'nobody-at-all@test.tsunagu.example'].sort(),
    );
    const shape = (i: Record<string, unknown>) => Object.keys(i).sort();
    expect(shape(pending[0])).toEqual(shape(pending[1]));
    // So does the inviter's own audit view of the two invitations.
    const invites = (await auditView(asCareAdmin)).filter((e) => e.action === 'membership.invite');
    expect(invites).toHaveLength(2);
    const stripped = invites.map((e) => ({
      ...e,
      seq: '',
      occurredAt: '',
      targetId: '',
      requestId: '',
      details: { ...e.details, email: '' },
    }));
    expect(stripped[0]).toEqual(stripped[1]);
  });

  it('after the victim accepts, still leaves their credentials to a system admin, who may change them', async () => {
    await invite(asCareAdmin, clinicAdmin.email);
    const [invitation] = (await asClinicAdmin.get('/api/account/invitations')).json().invitations;
    expect(invitation).toMatchObject({
      organisationName: '居宅介護支援事業所そよかぜ',
      invitedByName: '居宅 たける',
      role: 'org_admin',
    });
    expect((await asClinicAdmin.post(`/api/account/invitations/${invitation.id}/accept`)).statusCode).toBe(
      200,
    );

    const seen = await asCareAdmin.get(`/api/staff/${clinicAdmin.id}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json().abilities).toEqual({ update: false, resetCredentials: false, disable: false });
    expect((await takeoverAttempts(asCareAdmin, clinicAdmin.id)).slice(1)).toEqual([403, 403, 403, 403]);

    const sysAdmin = await createUser(t.database.db, { isSystemAdmin: true, displayName: '運用 しすてむ' });
    const asSysAdmin = await signIn(t.app, sysAdmin, t.clock);
    const reset = await asSysAdmin.post(`/api/staff/${clinicAdmin.id}/password-reset`);
    expect(reset.statusCode).toBe(200);
    expect(reset.json().temporaryPassword).toMatch(/^.{4}-.{4}-.{4}-.{4}$/);
  });

  it('shows the victim organisation’s admin the invitation and every refused attempt', async () => {
    await invite(asCareAdmin, clinicAdmin.email);
    await takeoverAttempts(asCareAdmin, clinicAdmin.id);
    // The clinic's colleague cannot be reached from the care office either, and the clinic hears of it.
    await asCareAdmin.put(`/api/organisations/${clinic}/members/${clinicAdmin.id}`, {
      profession: 'clerk',
      role: 'staff',
    });

    const fromCareOffice = (await auditView(asClinicAdmin))
      .filter((e) => e.actorName === '居宅 たける')
      .map((e) => `${e.action}:${e.outcome}`);
    expect(fromCareOffice.sort()).toEqual(
      [
        'membership.invite:allowed',
        'staff.read:denied',
        'staff.update:denied',
        'staff.reset_credentials:denied',
        'staff.reset_credentials:denied',
        'staff.disable:denied',
        'membership.manage:denied',
      ].sort(),
    );

    // An organisation with nothing to do with it sees none of it.
    const other = await createOrganisation(t.database.db, { name: '無関係の事業所' });
    const otherAdmin = await createUser(t.database.db, { organisationId: other, role: 'org_admin' });
    const unrelated = await auditView(await signIn(t.app, otherAdmin, t.clock));
    expect(unrelated.filter((e) => e.actorName === '居宅 たける')).toEqual([]);
  });

  it('answers a taken address on staff creation with 409, but audits the look-up for its owner and limits the rate', async () => {
    const body = (email: string) => ({
      email,
      displayName: '新人 さくら',
      kana: 'しんじん さくら',
      organisationId: careOffice,
      profession: 'care_manager',
      role: 'staff',
    });
    const taken = await asCareAdmin.post('/api/staff', body(clinicAdmin.email.toUpperCase()));
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: 'STAFF_EMAIL_EXISTS', field: 'email' });
    const seenByClinic = (await auditView(asClinicAdmin)).filter(
      (e) => e.action === 'staff.create' && e.outcome === 'failed',
    );
    expect(seenByClinic).toHaveLength(1);
    expect(seenByClinic[0]).toMatchObject({ actorName: '居宅 たける', details: { reason: 'email_taken' } });

    const answers: number[] = [];
    for (let i = 0; i < 20; i++) {
      answers.push((await asCareAdmin.post('/api/staff', body(clinicAdmin.email))).statusCode);
    }
    expect(answers.slice(0, 19).every((s) => s === 409)).toBe(true);
    expect(answers.at(-1)).toBe(429);
    // The limit is per account: the clinic's admin is not slowed down by the care office's probe.
    expect((await invite(asClinicAdmin, 'colleague@test.tsunagu.example', clinic)).statusCode).toBe(202);
  });
});
