import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueJobs } from '../../../test/escalation-factories.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { at, buildUrgentNight, type UrgentNight } from '../../../test/urgent-night.ts';

/**
 * The "now" signal (issue 16, item 3), through the real queue on the injected clock: the cases
 * waiting for me with when the next step goes and to whom (the banner on every page and the count
 * on 至急・緊急), and the shifts I am on now (the home card of a staff member on duty).
 */
let t: TestApp;
let night: UrgentNight;

const awaitingOf = async (user: UrgentNight['users'][keyof UrgentNight['users']]) => {
  const answer = await (await night.agent(user)).get('/api/urgent-cases/awaiting-me');
  expect(answer.statusCode, answer.body).toBe(200);
  return answer.json().cases as Record<string, unknown>[];
};

beforeAll(async () => {
  t = await createTestApp();
  night = await buildUrgentNight(t);
});

afterAll(async () => t?.close());

describe('the shifts I am on now', () => {
  it('gives the primary and the backup their role, the end and the duty phone; nothing to anyone else', async () => {
    t.clock.set(at('2026-12-09T16:00'));
    const duty = async (user: UrgentNight['users'][keyof UrgentNight['users']]) => {
      const answer = await (await night.agent(user)).get('/api/on-call/my-duty');
      expect(answer.statusCode, answer.body).toBe(200);
      return answer.json().shifts;
    };
    // Wednesday 16:00: the night shift has not begun.
    expect(await duty(night.users.onDuty)).toEqual([]);
    t.clock.set(at('2026-12-09T18:00'));
    expect(await duty(night.users.onDuty)).toEqual([
      {
        id: night.nightShift,
        role: 'primary',
        organisationName: '地域生活支援拠点ともしび',
        startsAt: new Date(at('2026-12-09T17:00')).toISOString(),
        endsAt: new Date(at('2026-12-10T09:00')).toISOString(),
        contactPhone: '090-0000-0777',
        regionNames: [expect.stringMatching(/^テスト市/)],
      },
    ]);
    expect(await duty(night.users.onDutyBackup)).toMatchObject([{ role: 'backup', id: night.nightShift }]);
    expect(await duty(night.users.kyotenNamed)).toEqual([]);
    expect((await t.app.inject({ method: 'GET', url: '/api/on-call/my-duty' })).statusCode).toBe(401);
  });
});

describe('the cases waiting for me', () => {
  let emergencyId: string;

  it('lists a 緊急 for the coordinator it reached and the backup on duty there, with the minutes to the next step', async () => {
    t.clock.set(at('2026-12-10T00:52'));
    const posted = await (
      await night.agent(night.users.gh)
    ).post(`/api/persons/${night.personId}/messages`, {
      category: 'crisis',
      priority: 'emergency',
      callbackPhone: '099-000-1101',
      body: '夜になって強い不安を訴えています。',
    });
    expect(posted.statusCode, posted.body).toBe(201);
    await runDueJobs(t);
    t.clock.set(at('2026-12-10T00:54'));
    const waiting = await awaitingOf(night.users.onDuty);
    expect(waiting).toEqual([
      {
        id: expect.any(String),
        priority: 'emergency',
        status: 'open',
        openedAt: new Date(at('2026-12-10T00:52')).toISOString(),
        nextStepAt: new Date(at('2026-12-10T01:02')).toISOString(),
        nextStepLabel: '当番（副）',
      },
    ]);
    emergencyId = waiting[0]!.id as string;
    expect(await awaitingOf(night.users.onDutyBackup)).toMatchObject([{ id: emergencyId }]);
    // Not the named member who is off duty, not the sender (it waits for others), not a stranger.
    expect(await awaitingOf(night.users.kyotenNamed)).toEqual([]);
    expect(await awaitingOf(night.users.gh)).toEqual([]);
    expect(await awaitingOf(night.users.outsider)).toEqual([]);
  });

  it('says nothing of the person or the message', async () => {
    const body = (await (await night.agent(night.users.onDuty)).get('/api/urgent-cases/awaiting-me')).body;
    expect(body).not.toContain('渚');
    expect(body).not.toContain('不安');
    expect(body).not.toContain(night.personId);
  });

  it('drops the case for everyone once someone takes it', async () => {
    const taken = await (
      await night.agent(night.users.onDuty)
    ).post(`/api/urgent-cases/${emergencyId}/acknowledge`, {});
    expect(taken.statusCode, taken.body).toBe(200);
    expect(await awaitingOf(night.users.onDuty)).toEqual([]);
    expect(await awaitingOf(night.users.onDutyBackup)).toEqual([]);
  });

  it('keeps a case nobody took at the end of its chain for a day, without a next step', async () => {
    t.clock.set(at('2026-12-10T01:00'));
    const posted = await (
      await night.agent(night.users.gh)
    ).post(`/api/persons/${night.personId}/messages`, {
      category: 'crisis',
      priority: 'urgent',
      body: '服薬を拒んでいます。',
    });
    expect(posted.statusCode, posted.body).toBe(201);
    // The whole chain runs out: team, backup, the 基幹 (closed, no shift: skipped), the phone.
    for (const time of ['01:00', '01:31', '02:02', '02:33', '03:04']) {
      t.clock.set(at(`2026-12-10T${time}`));
      await runDueJobs(t);
    }
    const waiting = await awaitingOf(night.users.onDuty);
    expect(waiting).toMatchObject([
      { priority: 'urgent', status: 'exhausted', nextStepAt: null, nextStepLabel: null },
    ]);
    t.clock.set(at('2026-12-11T03:10'));
    expect(await awaitingOf(night.users.onDuty)).toEqual([]);
  });

  it('answers 401 without a session', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/urgent-cases/awaiting-me' })).statusCode).toBe(
      401,
    );
  });
});
