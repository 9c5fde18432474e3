import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Agent } from '../../../test/agent.ts';
import { auditRows, createOrganisation, createUser, signIn, type TestUser } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { INVITATION_DAYS } from '@tsunagu/contract';

let t: TestApp;
let home: string;
let inviting: string;
let invitee: TestUser;
let inviterAdmin: TestUser;
let asInvitee: Agent;
let asInviter: Agent;

const body = { profession: 'peer_staff', role: 'staff' };

async function sendInvitation(email = invitee.email): Promise<void> {
  const r = await asInviter.post(`/api/organisations/${inviting}/members`, { email, ...body });
  expect(r.statusCode, r.body).toBe(202);
}

async function myInvitations(agent: Agent): Promise<{ id: string; organisationId: string }[]> {
  const r = await agent.get('/api/account/invitations');
  expect(r.statusCode).toBe(200);
  return r.json().invitations;
}

async function pendingOf(organisationId: string): Promise<{ id: string; email: string }[]> {
  return (await asInviter.get(`/api/organisations/${organisationId}/invitations`)).json().invitations;
}

async function membershipsOf(userId: string): Promise<string[]> {
  const rows = await t.database.db
    .selectFrom('memberships')
    .select('organisationId')
    .where('userId', '=', userId)
    .execute();
  return rows.map((r) => r.organisationId).sort();
}

beforeEach(async () => {
  t = await createTestApp();
  t.clock.set('2026-12-07T10:00:00+09:00');
  home = await createOrganisation(t.database.db, { name: 'ひだまり相談室' });
  inviting = await createOrganisation(t.database.db, { name: 'ピアサポートの会きずな' });
  invitee = await createUser(t.database.db, { organisationId: home, displayName: '招 かれる' });
  inviterAdmin = await createUser(t.database.db, { organisationId: inviting, role: 'org_admin' });
  asInvitee = await signIn(t.app, invitee, t.clock);
  asInviter = await signIn(t.app, inviterAdmin, t.clock);
});
afterEach(async () => t.close());

describe('invitations to join an organisation (所属への招待)', () => {
  it('tells the invitee in the app and lets them accept: the membership and its audit commit together', async () => {
    await sendInvitation();
    const notes = (await asInvitee.get('/api/notifications')).json().notifications;
    expect(notes[0]).toMatchObject({ kind: 'membership_invitation' });
    expect(notes[0].message).toContain('ピアサポートの会きずな');

    const [invitation] = await myInvitations(asInvitee);
    const accepted = await asInvitee.post(`/api/account/invitations/${invitation!.id}/accept`);
    expect(accepted.json()).toEqual({
      membership: {
        organisationId: inviting,
        organisationName: 'ピアサポートの会きずな',
        role: 'staff',
        profession: 'peer_staff',
      },
    });
    expect(await membershipsOf(invitee.id)).toEqual([home, inviting].sort());
    expect(await myInvitations(asInvitee)).toEqual([]);
    expect(await pendingOf(inviting)).toEqual([]);
    const [add] = await auditRows(t.database.db, 'membership.add');
    expect(add).toMatchObject({
      actorUserId: invitee.id,
      targetId: invitee.id,
      details: { organisationId: inviting, invitationId: invitation!.id },
    });
    expect(add!.concernedOrganisationIds?.sort()).toEqual([home, inviting].sort());
    // Answered once: a second acceptance finds nothing.
    expect((await asInvitee.post(`/api/account/invitations/${invitation!.id}/accept`)).statusCode).toBe(404);
  });

  it('renews an invitation sent twice instead of failing, and lets it expire after two weeks', async () => {
    await sendInvitation();
    t.clock.advance(3 * 86_400_000);
    asInviter = await signIn(t.app, inviterAdmin, t.clock);
    await sendInvitation(invitee.email.toUpperCase());
    const pending = await pendingOf(inviting);
    expect(pending).toHaveLength(1);
    const [invitation] = await myInvitations(await signIn(t.app, invitee, t.clock));
    expect(invitation).toMatchObject({ expiresAt: new Date('2026-12-24T01:00:00Z').toISOString() });

    t.clock.advance(INVITATION_DAYS * 86_400_000 + 60_000);
    const later = await signIn(t.app, invitee, t.clock);
    expect(await myInvitations(later)).toEqual([]);
    const expired = await later.post(`/api/account/invitations/${invitation!.id}/accept`);
    expect(expired.statusCode).toBe(409);
    expect(expired.json()).toMatchObject({ code: 'INVITATION_EXPIRED' });
    expect(await membershipsOf(invitee.id)).toEqual([home]);
    asInviter = await signIn(t.app, inviterAdmin, t.clock);
    expect(await pendingOf(inviting)).toEqual([]);
  });

  it('lets the invitee decline: nothing joins, and both organisations see the answer in their audit view', async () => {
    await sendInvitation();
    const [invitation] = await myInvitations(asInvitee);
    expect((await asInvitee.post(`/api/account/invitations/${invitation!.id}/decline`)).json()).toEqual({
      ok: true,
    });
    expect(await membershipsOf(invitee.id)).toEqual([home]);
    expect(await pendingOf(inviting)).toEqual([]);
    expect((await asInvitee.post(`/api/account/invitations/${invitation!.id}/accept`)).statusCode).toBe(404);
    const homeAdmin = await signIn(
      t.app,
      await createUser(t.database.db, { organisationId: home, role: 'org_admin' }),
      t.clock,
    );
    for (const agent of [homeAdmin, asInviter]) {
      const events = (await agent.get('/api/audit-events?action=membership')).json().events;
      expect(events.map((e: { action: string }) => e.action)).toContain('membership.invitation_decline');
    }
  });

  it('lets the inviting admin withdraw a pending invitation, and no one else', async () => {
    await sendInvitation();
    const [pending] = await pendingOf(inviting);
    expect(pending).toMatchObject({ email: invitee.email, abilities: { withdraw: true } });
    const url = `/api/organisations/${inviting}/invitations/${pending!.id}`;
    // The invitee's own organisation admin cannot withdraw another organisation's invitation.
    const homeAdmin = await signIn(
      t.app,
      await createUser(t.database.db, { organisationId: home, role: 'org_admin' }),
      t.clock,
    );
    expect((await homeAdmin.delete(url)).statusCode).toBe(403);
    expect((await homeAdmin.get(`/api/organisations/${inviting}/invitations`)).statusCode).toBe(403);
    // Nor through their own organisation's path.
    expect((await homeAdmin.delete(`/api/organisations/${home}/invitations/${pending!.id}`)).statusCode).toBe(
      404,
    );

    expect((await asInviter.delete(url)).json()).toEqual({ ok: true });
    expect(await myInvitations(asInvitee)).toEqual([]);
    expect((await asInvitee.post(`/api/account/invitations/${pending!.id}/accept`)).statusCode).toBe(404);
    expect((await asInviter.delete(url)).statusCode).toBe(404);
    const [withdrawn] = await auditRows(t.database.db, 'membership.invitation_withdraw');
    expect(withdrawn!.concernedOrganisationIds?.sort()).toEqual([home, inviting].sort());
  });

  it('answers 404 to anyone but the addressee, and audits the attempt', async () => {
    await sendInvitation();
    const [invitation] = await myInvitations(asInvitee);
    const someoneElse = await signIn(
      t.app,
      await createUser(t.database.db, { organisationId: home, displayName: '別 の人' }),
      t.clock,
    );
    expect(await myInvitations(someoneElse)).toEqual([]);
    for (const answer of ['accept', 'decline']) {
      const r = await someoneElse.post(`/api/account/invitations/${invitation!.id}/${answer}`);
      expect(r.statusCode).toBe(404);
      expect(r.json()).toMatchObject({ code: 'NOT_FOUND' });
    }
    expect((await asInviter.post(`/api/account/invitations/${invitation!.id}/accept`)).statusCode).toBe(404);
    const denied = await auditRows(t.database.db, 'membership.invitation_accept');
    expect(denied.map((r) => r.outcome)).toEqual(['denied', 'denied']);
    expect(denied[0]!.concernedOrganisationIds).toEqual([inviting]);
    expect(await membershipsOf(invitee.id)).toEqual([home]);
  });

  it('lets a system admin add an existing account directly, and says so', async () => {
    const sysAdmin = await signIn(t.app, await createUser(t.database.db, { isSystemAdmin: true }), t.clock);
    const added = await sysAdmin.post(`/api/organisations/${inviting}/members`, {
      email: invitee.email,
      ...body,
    });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ outcome: 'added', staff: { id: invitee.id } });
    expect(await membershipsOf(invitee.id)).toEqual([home, inviting].sort());
    const free = await sysAdmin.post(`/api/organisations/${inviting}/members`, {
      email: 'nobody@test.tsunagu.example',
      ...body,
    });
    expect(free.json()).toMatchObject({ code: 'STAFF_NOT_FOUND' });
  });

  it('answers malformed invitations with 400 naming the field and records nothing', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ email: 'not-an-email', ...body }, 'email'],
      [{ email: invitee.email, profession: 'peer_staff', role: 'owner' }, 'role'],
      [{ email: invitee.email, profession: 'astronaut', role: 'staff' }, 'profession'],
      [{ email: invitee.email, ...body, organisationId: home }, 'organisationId'],
    ];
    for (const [bad, field] of cases) {
      const r = await asInviter.post(`/api/organisations/${inviting}/members`, bad);
      expect(r.statusCode, JSON.stringify(bad)).toBe(400);
      expect(r.json()).toMatchObject({ code: 'VALIDATION_FAILED', field });
      expect(r.json().message).toMatch(/[ぁ-んァ-ン一-龥]/);
    }
    expect((await asInvitee.post('/api/account/invitations/not-a-uuid/accept')).json()).toMatchObject({
      field: 'id',
    });
    expect(await auditRows(t.database.db, 'membership.invite')).toEqual([]);
    expect(await t.database.db.selectFrom('membershipInvitations').selectAll().execute()).toEqual([]);
  });
});
