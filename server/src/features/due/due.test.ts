import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { informationCategories } from '@tsunagu/contract';
import type { Agent } from '../../../test/agent.ts';
import { auditRows, createOrganisation, createUser, signIn, type TestUser } from '../../../test/factories.ts';
import { addToTeam, grantConsent, registerPerson } from '../../../test/person-factories.ts';
import { agreeAndConfirm, createPlan, serviceUseBody } from '../../../test/plan-factories.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { addDays } from '../../platform/tokyo-time.ts';
import { addMonths, dueBand } from '../plans/plan-rules.ts';

let t: TestApp;
let leadUser: TestUser;
let colleagueUser: TestUser;
let office: string;

beforeEach(async () => {
  t = await createTestApp();
  t.clock.set('2026-11-25T10:00:00+09:00');
  office = await createOrganisation(t.database.db, { name: '相談支援事業所ひだまり' });
  leadUser = await createUser(t.database.db, { organisationId: office });
  colleagueUser = await createUser(t.database.db, { organisationId: office });
});
afterEach(async () => t.close());

/** A person on my team (named as me), with my office's consent for everything. */
async function myPerson(agent: Agent, name: string): Promise<string> {
  const id = (await registerPerson(agent, { name, kana: 'かくう' })).id;
  await grantConsent(agent, id, office, [...informationCategories]);
  return id;
}

type Due = { kind: string; personName: string; band: string; daysLeft: number; dueOn: string };
let minute = 0;
/** The due list on a day; each call signs in a few minutes later (a TOTP code works once). */
async function dueOn(day: string, user = leadUser, scope = 'mine'): Promise<Due[]> {
  minute += 2;
  t.clock.set(`${day}T12:00:00+09:00`);
  t.clock.advanceMinutes(minute);
  const agent = await signIn(t.app, user, t.clock);
  const response = await agent.get(`/api/due?scope=${scope}`);
  expect(response.statusCode).toBe(200);
  expect(response.json().today).toBe(day);
  return response.json().items;
}

describe('the due dashboard (期限)', () => {
  it.each([
    [1, '2026-12-25'],
    [3, '2027-02-25'],
    [6, '2027-05-25'],
    [2, '2027-01-25'],
  ])(
    'puts monitoring every %i month(s) due on %s, from 30 days ahead, and overdue after',
    async (months, due) => {
      const lead = await signIn(t.app, leadUser, t.clock);
      const personId = await myPerson(lead, `架空 期間${months}`);
      const planId = await createPlan(
        lead,
        personId,
        'service-use',
        serviceUseBody({ monitoringMonths: months, reviewOn: null }),
      );
      const confirmed = await agreeAndConfirm(lead, planId);
      expect(confirmed.plan.summary.nextMonitoringOn).toBe(due);

      const day = (offset: number) => addDays(due, offset);
      const monitoring = (items: Due[]) => items.filter((i) => i.kind === 'monitoring');
      if (months > 1) expect(monitoring(await dueOn(day(-31)))).toEqual([]);
      expect(monitoring(await dueOn(day(-30)))).toMatchObject([
        { dueOn: due, daysLeft: 30, band: 'within_30' },
      ]);
      expect(monitoring(await dueOn(day(0)))).toMatchObject([{ daysLeft: 0, band: 'within_30' }]);
      expect(monitoring(await dueOn(day(1)))).toMatchObject([{ daysLeft: -1, band: 'overdue' }]);

      // A monitoring restarts the count from its own date.
      const agent = await signIn(t.app, leadUser, t.clock);
      const recorded = await agent.post(`/api/plans/${planId}/monitoring`, {
        monitoredOn: day(1),
        personAccount: '「変わりなく過ごしている」',
        progress: [],
        needsChange: false,
      });
      expect(recorded.statusCode, recorded.body).toBe(201);
      expect(recorded.json().summary.nextMonitoringOn).toBe(addMonths(day(1), months));
    },
  );

  it('reminds certificates (受給者証・手帳・自立支援医療) and consents at 90, 60 and 30 days, then as overdue', async () => {
    const lead = await signIn(t.app, leadUser, t.clock);
    const personId = await myPerson(lead, '架空 期限');
    const clinic = await createOrganisation(t.database.db, { name: 'こころのクリニック', kind: 'clinic' });
    await addToTeam(lead, personId, clinic, 'attending_physician');
    await grantConsent(lead, personId, clinic, ['identity', 'medical'], { expiresOn: '2027-03-05' });
    for (const kind of ['service_recipient', 'outpatient_medical'] as const) {
      const added = await lead.post(`/api/persons/${personId}/certificates`, {
        kind,
        validUntil: '2027-03-05',
      });
      expect(added.statusCode, added.body).toBe(201);
    }
    const handbook = await lead.post(`/api/persons/${personId}/certificates`, {
      kind: 'disability_handbook',
      grade: 2,
      validUntil: '2027-03-05',
    });
    expect(handbook.statusCode).toBe(201);

    const bands = async (day: string) =>
      (await dueOn(day)).map((i) => [i.kind, i.band, i.daysLeft] as const).sort();
    expect(await bands('2026-12-04')).toEqual([]); // 91 days ahead
    const at90 = await bands('2026-12-05');
    expect(at90).toHaveLength(4);
    expect(new Set(at90.map(([, band, days]) => `${band}:${days}`))).toEqual(new Set(['within_90:90']));
    expect(new Set((await bands('2027-01-04')).map(([, b, d]) => `${b}:${d}`))).toEqual(
      new Set(['within_60:60']),
    );
    expect(new Set((await bands('2027-02-03')).map(([, b, d]) => `${b}:${d}`))).toEqual(
      new Set(['within_30:30']),
    );
    const after = await bands('2027-03-06');
    expect(after.map(([kind, band]) => `${kind}:${band}`).sort()).toEqual([
      'certificate:overdue',
      'certificate:overdue',
      'certificate:overdue',
      'consent:overdue',
    ]);

    // A renewed certificate takes the old one off the list.
    t.clock.advanceMinutes(1);
    const agent = await signIn(t.app, leadUser, t.clock);
    await agent.post(`/api/persons/${personId}/certificates`, {
      kind: 'outpatient_medical',
      validUntil: '2028-03-05',
    });
    const renewed = await dueOn('2027-03-07');
    expect(renewed.filter((i) => i.kind === 'certificate')).toHaveLength(2);
    expect((await auditRows(t.database.db, 'due.list')).at(-1)).toMatchObject({ outcome: 'allowed' });
  });

  it('lists per staff member (named on the team) or for the whole organisation', async () => {
    const lead = await signIn(t.app, leadUser, t.clock);
    const personId = await myPerson(lead, '架空 担当');
    await lead.post(`/api/persons/${personId}/certificates`, {
      kind: 'service_recipient',
      validUntil: '2027-01-10',
    });
    expect(await dueOn('2026-11-25', colleagueUser, 'mine')).toEqual([]);
    expect(await dueOn('2026-11-25', colleagueUser, 'organisation')).toMatchObject([
      { kind: 'certificate', personName: '架空 担当', band: 'within_60' },
    ]);
    expect(await dueOn('2026-11-25', leadUser, 'mine')).toHaveLength(1);
    t.clock.advanceMinutes(1);
    const bad = await (await signIn(t.app, leadUser, t.clock)).get('/api/due?scope=everyone');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('scope');
  });
});

describe('due dates, as plain rules', () => {
  it('adds months keeping to the end of short months', () => {
    expect(addMonths('2027-01-31', 1)).toBe('2027-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2026-12-15', 6)).toBe('2027-06-15');
  });

  it('bands days left at 90 / 60 / 30 and past due', () => {
    expect([91, 90, 61, 60, 31, 30, 0, -1].map(dueBand)).toEqual([
      null,
      'within_90',
      'within_90',
      'within_60',
      'within_60',
      'within_30',
      'within_30',
      'overdue',
    ]);
  });
});
