import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MembershipRole } from '@tsunagu/contract';
import type { Agent } from '../../../test/agent.ts';
import { createOrganisation, createUser, signIn, type TestUser } from '../../../test/factories.ts';
import { addToTeam, grantConsent, recordItem, registerPerson } from '../../../test/person-factories.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';

/**
 * The authorization matrix (認可の表): for each access role, team membership and consent
 * state, what the API answers for a person and for items of a covered and an uncovered
 * category, and which audit row each attempt writes.
 */
type ConsentState = 'none' | 'granted' | 'expired' | 'withdrawn';
type Team = 'on' | 'off';
const roles: MembershipRole[] = ['org_admin', 'staff'];
const cases: { team: Team; consent: ConsentState }[] = [
  { team: 'on', consent: 'none' },
  { team: 'on', consent: 'granted' },
  { team: 'on', consent: 'expired' },
  { team: 'on', consent: 'withdrawn' },
  { team: 'off', consent: 'none' },
  { team: 'off', consent: 'granted' },
];

let t: TestApp;
let lead: Agent;
let personId: string;
let medicalItem: string;
let financesItem: string;
const agents = new Map<string, { agent: Agent; userId: string; organisationId: string }>();
const users = new Map<string, { user: TestUser; organisationId: string }>();
const key = (team: Team, consent: ConsentState, role: MembershipRole) => `${team}/${consent}/${role}`;

beforeAll(async () => {
  t = await createTestApp({ clock: undefined });
  t.clock.set('2026-11-25T10:00:00+09:00');
  const office = await createOrganisation(t.database.db, { name: '相談支援事業所' });
  const leadUser = await createUser(t.database.db, { organisationId: office, role: 'staff' });
  lead = await signIn(t.app, leadUser, t.clock);
  personId = (await registerPerson(lead)).id;
  medicalItem = (
    await recordItem(lead, personId, {
      category: 'medical',
      content: '月に一度、こころのクリニックに通院。',
      source: 'person',
      kind: 'own_words',
    })
  ).id;
  financesItem = (
    await recordItem(lead, personId, {
      category: 'finances',
      content: '障害年金2級を受給。',
      source: 'public_record',
    })
  ).id;

  for (const c of cases) {
    const org = await createOrganisation(t.database.db, { name: `${c.team}-${c.consent}` });
    const team = await addToTeam(lead, personId, org, 'service_provider');
    const memberId = team.find((m) => m.organisationId === org)!.id;
    if (c.consent !== 'none') {
      const grant = await grantConsent(
        lead,
        personId,
        org,
        ['identity', 'medical'],
        c.consent === 'expired' ? { expiresOn: '2026-11-30' } : {},
      );
      if (c.consent === 'withdrawn')
        expect((await lead.post(`/api/grants/${grant.id}/withdraw`, { note: '本人が撤回' })).statusCode).toBe(
          200,
        );
    }
    if (c.team === 'off')
      expect(
        (await lead.patch(`/api/persons/${personId}/team/${memberId}`, { endedOn: '2026-11-25' })).statusCode,
      ).toBe(200);
    for (const role of roles)
      users.set(key(c.team, c.consent, role), {
        user: await createUser(t.database.db, { organisationId: org, role }),
        organisationId: org,
      });
  }
  // The expired grant ran out on 11/30; everything below happens on 12/1, in fresh sessions.
  t.clock.set('2026-12-01T10:00:00+09:00');
  lead = await signIn(t.app, leadUser, t.clock);
  for (const [k, { user, organisationId }] of users)
    agents.set(k, { agent: await signIn(t.app, user, t.clock), userId: user.id, organisationId });
});
afterAll(async () => t?.close());

async function lastAudit(userId: string) {
  return t.database.db
    .selectFrom('auditEvents')
    .selectAll()
    .where('actorUserId', '=', userId)
    .orderBy('seq', 'desc')
    .executeTakeFirstOrThrow();
}

describe('authorization matrix: role × team × consent × category', () => {
  for (const c of cases) {
    for (const role of roles) {
      const allowed = c.team === 'on' && c.consent === 'granted';
      it(`${role}, ${c.team === 'on' ? 'on the team' : 'off the team'}, consent ${c.consent}: person ${allowed ? 200 : 404}, 医療 ${allowed ? 200 : 404}, 経済 404`, async () => {
        const { agent, userId, organisationId } = agents.get(key(c.team, c.consent, role))!;
        const person = await agent.get(`/api/persons/${personId}`);
        expect(person.statusCode).toBe(allowed ? 200 : 404);
        expect(await lastAudit(userId)).toMatchObject({
          action: 'person.read',
          outcome: allowed ? 'allowed' : 'denied',
          personId,
          actorOrganisationId: organisationId,
        });
        if (!allowed) expect(person.json()).toMatchObject({ code: 'NOT_FOUND' });
        if (allowed) expect(person.json().visibleCategories).toEqual(['identity', 'medical']);

        const medical = await agent.get(`/api/items/${medicalItem}/versions`);
        expect(medical.statusCode).toBe(allowed ? 200 : 404);
        const medicalAudit = await lastAudit(userId);
        expect(medicalAudit, JSON.stringify(medicalAudit)).toMatchObject({
          action: allowed ? 'item.versions' : 'item.read',
          outcome: allowed ? 'allowed' : 'denied',
        });

        const finances = await agent.get(`/api/items/${financesItem}/versions`);
        expect(finances.statusCode).toBe(404);
        expect(finances.json()).toMatchObject({ code: 'NOT_FOUND' });
        expect(await lastAudit(userId)).toMatchObject({
          action: 'item.read',
          outcome: 'denied',
          targetId: financesItem,
        });

        const timeline = await agent.get(`/api/persons/${personId}/items`);
        expect(timeline.statusCode).toBe(allowed ? 200 : 404);
        if (allowed)
          expect(timeline.json().items.map((i: { category: string }) => i.category)).toEqual(['medical']);
        // The timeline's read and its audit row are one statement: the row lists what it returned.
        expect(await lastAudit(userId)).toMatchObject({
          action: 'item.list',
          outcome: allowed ? 'allowed' : 'denied',
          viaEmergency: false,
          ...(allowed ? { details: { returned: 1, items: [medicalItem] } } : {}),
        });

        // A lead-only action: 403 on a person the caller can see, 404 on one they cannot.
        const grant = await agent.post(`/api/persons/${personId}/grants`, {
          organisationId,
          categories: ['finances'],
          basis: 'consent',
          method: 'oral',
          obtainedOn: '2026-12-01',
        });
        expect(grant.statusCode).toBe(allowed ? 403 : 404);
        expect(grant.json().code).toBe(allowed ? 'FORBIDDEN' : 'NOT_FOUND');
        expect(await lastAudit(userId)).toMatchObject({ action: 'grant.manage', outcome: 'denied' });

        // Lists filter in SQL: the person appears in "my persons" and search only when allowed.
        const list = await agent.get('/api/persons?q=' + encodeURIComponent('はなこ'));
        expect(list.json().persons.map((p: { id: string }) => p.id)).toEqual(allowed ? [personId] : []);
      });
    }
  }

  it('lets the recording organisation see everything it recorded, with or without consent', async () => {
    const medical = await lead.get(`/api/items/${medicalItem}/versions`);
    const finances = await lead.get(`/api/items/${financesItem}/versions`);
    expect([medical.statusCode, finances.statusCode]).toEqual([200, 200]);
  });

  it('withdrawing consent denies the very next request of a user who had access', async () => {
    const { agent } = agents.get(key('on', 'granted', 'staff'))!;
    expect((await agent.get(`/api/persons/${personId}`)).statusCode).toBe(200);
    const grants = (await lead.get(`/api/persons/${personId}/grants`)).json().grants as {
      id: string;
      organisationId: string;
      state: string;
    }[];
    const grant = grants.find(
      (g) =>
        g.organisationId === agents.get(key('on', 'granted', 'staff'))!.organisationId &&
        g.state === 'active',
    )!;
    expect((await lead.post(`/api/grants/${grant.id}/withdraw`, {})).json()).toMatchObject({
      state: 'withdrawn',
    });
    expect((await agent.get(`/api/persons/${personId}`)).statusCode).toBe(404);
    expect((await agent.get(`/api/persons/${personId}/items`)).statusCode).toBe(404);
    expect((await lead.post(`/api/grants/${grant.id}/withdraw`, {})).statusCode).toBe(409);
  });

  it('shows expired consent on the lead’s renewal list', async () => {
    const renewals = (await lead.get('/api/grants/renewals')).json().renewals as {
      personId: string;
      daysUntilExpiry: number;
    }[];
    expect(renewals.map((r) => [r.personId, r.daysUntilExpiry])).toEqual([[personId, -1]]);
  });
});
