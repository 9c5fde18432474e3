import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditRows, createUser, signIn, type TestUser } from '../../../test/factories.ts';
import { clinicAndCareOffice } from '../../../test/membership-world.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { recordAuditAlone } from '../../platform/audit/audit.ts';
import type { RequestContext } from '../../platform/context.ts';

let t: TestApp;
let clinic: string;
let careOffice: string;
let clinicAdmin: TestUser;
let careAdmin: TestUser;

/** What the old add-by-e-mail route left behind when the hole was used: a membership and its audit rows. */
async function replayOldTakeover(): Promise<void> {
  await t.database.db
    .insertInto('memberships')
    .values({
      userId: clinicAdmin.id,
      organisationId: careOffice,
      profession: 'care_manager',
      role: 'org_admin',
      createdAt: t.clock.now(),
    })
    .execute();
  const asCareAdmin: RequestContext = {
    kind: 'request',
    actor: {
      userId: careAdmin.id,
      displayName: '居宅 たける',
      isSystemAdmin: false,
      organisationId: careOffice,
      role: 'org_admin',
      memberships: [],
      sessionIdHash: 'replayed',
    },
    ip: '198.51.100.7',
    requestId: 'replayed',
    userAgent: null,
  };
  await recordAuditAlone(t.database.db, asCareAdmin, {
    action: 'membership.add',
    targetType: 'user',
    targetId: clinicAdmin.id,
    details: { organisationId: careOffice, role: 'org_admin', profession: 'care_manager' },
  });
  await recordAuditAlone(t.database.db, asCareAdmin, {
    action: 'staff.password_reset',
    targetType: 'user',
    targetId: clinicAdmin.id,
    details: { sessionsEnded: 1 },
  });
}

beforeEach(async () => {
  t = await createTestApp();
  t.clock.set('2026-12-07T10:00:00+09:00');
  ({ clinic, careOffice, clinicAdmin, careAdmin } = await clinicAndCareOffice(t.database.db));
});
afterEach(async () => t.close());

describe('the report of cross-organisation additions (issue 14)', () => {
  it('lists additions of accounts that belonged elsewhere, with the credential changes that followed', async () => {
    await replayOldTakeover();
    const sysAdmin = await signIn(t.app, await createUser(t.database.db, { isSystemAdmin: true }), t.clock);
    // A system admin's direct addition of a care office member to the clinic is listed too; an
    // account created in one organisation is not.
    const careStaff = await createUser(t.database.db, {
      organisationId: careOffice,
      displayName: '居宅 みなみ',
    });
    await sysAdmin.post(`/api/organisations/${clinic}/members`, {
      email: careStaff.email,
      profession: 'clerk',
      role: 'staff',
    });
    const created = await signIn(t.app, careAdmin, t.clock);
    await created.post('/api/staff', {
      email: 'fresh@test.tsunagu.example',
      displayName: '新人 はな',
      kana: 'しんじん はな',
      organisationId: careOffice,
      profession: 'care_manager',
      role: 'staff',
    });

    const report = await sysAdmin.get('/api/admin/reports/cross-organisation-memberships');
    expect(report.statusCode).toBe(200);
    const rows = report.json().rows;
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      userId: clinicAdmin.id,
      userName: '院田 かなめ',
      organisationId: careOffice,
      actorName: '居宅 たける',
      actorWasSystemAdmin: false,
      viaInvitation: false,
      stillMember: true,
      earlierOrganisations: [{ id: clinic, name: 'こころのクリニック' }],
      laterCredentialChanges: [{ action: 'staff.password_reset', outcome: 'allowed' }],
    });
    expect(rows[1]).toMatchObject({
      userId: careStaff.id,
      organisationId: clinic,
      actorWasSystemAdmin: true,
      earlierOrganisations: [{ id: careOffice }],
      laterCredentialChanges: [],
    });
    expect(await auditRows(t.database.db, 'membership.report')).toHaveLength(1);
  });

  it('is for system admins only, and a refusal is audited', async () => {
    const asClinicAdmin = await signIn(t.app, clinicAdmin, t.clock);
    const refused = await asClinicAdmin.get('/api/admin/reports/cross-organisation-memberships');
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'FORBIDDEN' });
    expect((await auditRows(t.database.db, 'membership.report')).map((r) => r.outcome)).toEqual(['denied']);
  });
});
