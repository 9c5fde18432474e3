import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditRows,
  createOrganisation,
  createRegionTree,
  createUser,
  signIn,
  type TestUser,
} from '../../../test/factories.ts';
import { createShift } from '../../../test/on-call-factories.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';

/**
 * 夜間当番のサインイン: an organisation may keep its on-call staff signed in for the whole shift
 * (no idle sign-out at 3:00 between two calls); everyone else keeps the 30-minute idle rule, and
 * the shift's end still ends the session.
 */
const at = (local: string) => `${local}+09:00`;
let t: TestApp;
let kyoten: string;
let admin: TestUser;
let onCall: TestUser;
let colleague: TestUser;
let otherAdmin: TestUser;
let municipality: string;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  t.clock.set(at('2026-12-04T16:00'));
  const regions = await createRegionTree(db);
  municipality = regions.municipality;
  kyoten = await createOrganisation(db, {
    name: '地域生活支援拠点ほたる',
    kind: 'community_life_support_base',
  });
  const other = await createOrganisation(db, { name: '別の拠点', kind: 'community_life_support_base' });
  admin = await createUser(db, { organisationId: kyoten, role: 'org_admin', displayName: '管理 はるか' });
  onCall = await createUser(db, { organisationId: kyoten, displayName: '当番 よる' });
  colleague = await createUser(db, { organisationId: kyoten, displayName: '同僚 ひる' });
  otherAdmin = await createUser(db, { organisationId: other, role: 'org_admin' });
  await createShift(db, {
    organisationId: kyoten,
    startsAt: at('2026-12-04T17:00'),
    endsAt: at('2026-12-05T09:00'),
    primaryUserId: onCall.id,
    regionIds: [regions.municipality],
  });
});

afterAll(async () => {
  await t?.close();
});

describe('夜間当番のサインイン (an on-call shift’s session)', () => {
  it('is the organisation admin’s choice, audited; staff and other organisations’ admins are refused', async () => {
    const a = await signIn(t.app, admin, t.clock);
    expect((await a.get(`/api/organisations/${kyoten}/on-call-session`)).json()).toEqual({
      coversShift: false,
      backupGraceMinutes: 30,
    });
    const staff = await signIn(t.app, colleague, t.clock);
    expect(
      (await staff.put(`/api/organisations/${kyoten}/on-call-session`, { coversShift: true })).statusCode,
    ).toBe(403);
    const outsider = await signIn(t.app, otherAdmin, t.clock);
    expect(
      (await outsider.put(`/api/organisations/${kyoten}/on-call-session`, { coversShift: true })).statusCode,
    ).toBe(403);
    const bad = await a.put(`/api/organisations/${kyoten}/on-call-session`, { coversShift: 'yes' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('coversShift');
    const set = await a.put(`/api/organisations/${kyoten}/on-call-session`, { coversShift: true });
    expect(set.json()).toEqual({ coversShift: true, backupGraceMinutes: 30 });
    expect(await auditRows(t.database.db, 'oncall.session_setting')).toHaveLength(1);
  });

  it('sets the grace period after a shift during which its backup is still asked (0–240 minutes)', async () => {
    const a = await signIn(t.app, admin, t.clock);
    for (const [value, field] of [
      [241, 'backupGraceMinutes'],
      [-1, 'backupGraceMinutes'],
      ['30', 'backupGraceMinutes'],
    ] as const) {
      const bad = await a.put(`/api/organisations/${kyoten}/on-call-session`, { backupGraceMinutes: value });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ code: 'VALIDATION_FAILED', field });
    }
    const staff = await signIn(t.app, colleague, t.clock);
    expect(
      (await staff.put(`/api/organisations/${kyoten}/on-call-session`, { backupGraceMinutes: 60 }))
        .statusCode,
    ).toBe(403);
    const set = await a.put(`/api/organisations/${kyoten}/on-call-session`, { backupGraceMinutes: 45 });
    // Only the grace changes: the session setting chosen before stays.
    expect(set.json()).toEqual({ coversShift: true, backupGraceMinutes: 45 });
    const audited = await auditRows(t.database.db, 'oncall.session_setting');
    expect(audited.at(-1)?.details).toEqual({ backupGraceMinutes: 45 });
  });

  it('keeps the on-call coordinator signed in through a quiet night, and ends with the shift', async () => {
    t.clock.set(at('2026-12-04T16:30'));
    const coordinator = await signIn(t.app, onCall, t.clock);
    const other = await signIn(t.app, colleague, t.clock);
    // Three quiet hours: the colleague's session has lapsed, the coordinator's stands.
    t.clock.set(at('2026-12-04T23:30'));
    expect((await other.get('/api/auth/session')).statusCode).toBe(401);
    expect((await coordinator.get('/api/notifications')).statusCode).toBe(200);
    t.clock.set(at('2026-12-05T04:00'));
    expect((await coordinator.get('/api/notifications')).statusCode).toBe(200);
    // The shift ends at 9:00, and with it the exemption (past the usual 12 hours, too).
    t.clock.set(at('2026-12-05T09:01'));
    expect((await coordinator.get('/api/notifications')).statusCode).toBe(401);
    const signIns = await auditRows(t.database.db, 'auth.sign_in');
    expect(signIns.some((r) => (r.details as { onCallShiftUntil?: string }).onCallShiftUntil)).toBe(true);
  });

  it('does not apply when the organisation has not chosen it', async () => {
    const a = await signIn(t.app, admin, t.clock);
    await a.put(`/api/organisations/${kyoten}/on-call-session`, { coversShift: false });
    await createShift(t.database.db, {
      organisationId: kyoten,
      startsAt: at('2026-12-05T17:00'),
      endsAt: at('2026-12-06T09:00'),
      primaryUserId: onCall.id,
      regionIds: [municipality],
    });
    t.clock.set(at('2026-12-05T17:30'));
    const coordinator = await signIn(t.app, onCall, t.clock);
    t.clock.set(at('2026-12-05T18:31'));
    expect((await coordinator.get('/api/notifications')).statusCode).toBe(401);
  });
});
