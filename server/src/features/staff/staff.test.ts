import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Agent } from '../../../test/agent.ts';
import {
  auditRows,
  createOrganisation,
  createUser,
  signIn,
  TEST_PASSWORD,
  type TestUser,
} from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { createSystemAdmin } from './create-admin.ts';

let t: TestApp;
let orgA: string;
let orgB: string;
let adminA: TestUser;
let staffA: TestUser;
let staffB: TestUser;
let asAdminA: Agent;

const newStaff = (organisationId: string) => ({
  email: 'new.staff@test.tsunagu.example',
  displayName: '新人 さくら',
  kana: 'しんじん さくら',
  organisationId,
  profession: 'psychiatric_social_worker',
  role: 'staff',
});

beforeEach(async () => {
  t = await createTestApp();
  orgA = await createOrganisation(t.database.db, { name: 'A事業所' });
  orgB = await createOrganisation(t.database.db, { name: 'B事業所' });
  adminA = await createUser(t.database.db, {
    organisationId: orgA,
    role: 'org_admin',
    displayName: 'A管理者',
  });
  staffA = await createUser(t.database.db, { organisationId: orgA, displayName: 'A職員' });
  staffB = await createUser(t.database.db, { organisationId: orgB, displayName: 'B職員' });
  await createUser(t.database.db, { organisationId: orgB, role: 'org_admin', displayName: 'B管理者' });
  asAdminA = await signIn(t.app, adminA, t.clock);
});
afterEach(async () => t.close());

describe('staff accounts (職員)', () => {
  it('lists only the staff of the acting organisation, and audits the read', async () => {
    const list = await asAdminA.get('/api/staff');
    expect(list.statusCode).toBe(200);
    expect(
      list
        .json()
        .staff.map((s: { displayName: string }) => s.displayName)
        .sort(),
    ).toEqual(['A管理者', 'A職員']);
    const asking = await asAdminA.get(`/api/staff?organisationId=${orgB}`);
    expect(asking.json().staff).toEqual([]);
    const reads = await auditRows(t.database.db, 'staff.list');
    expect(reads).toHaveLength(2);
    expect(reads[0]).toMatchObject({ actorUserId: adminA.id, actorOrganisationId: orgA, outcome: 'allowed' });
  });

  it('answers 404 for another organisation’s staff member and audits the attempt', async () => {
    const response = await asAdminA.get(`/api/staff/${staffB.id}`);
    expect(response.statusCode).toBe(404);
    const rows = await auditRows(t.database.db, 'staff.read');
    expect(rows.at(-1)).toMatchObject({ outcome: 'denied', targetId: staffB.id });
    expect((await asAdminA.get(`/api/staff/${staffA.id}`)).statusCode).toBe(200);
    expect((await auditRows(t.database.db, 'staff.read')).at(-1)).toMatchObject({
      outcome: 'allowed',
      targetId: staffA.id,
    });
  });

  it('creates a staff account with a one-time temporary password that must be changed', async () => {
    const created = await asAdminA.post('/api/staff', newStaff(orgA));
    expect(created.statusCode).toBe(201);
    const { staff, temporaryPassword } = created.json();
    expect(staff).toMatchObject({
      mustChangePassword: true,
      hasTwoFactor: false,
      memberships: [{ organisationId: orgA, role: 'staff', profession: 'psychiatric_social_worker' }],
    });
    expect(temporaryPassword).toMatch(/^.{4}-.{4}-.{4}-.{4}$/);
    const stored = await t.database.db
      .selectFrom('users')
      .select('passwordHash')
      .where('id', '=', staff.id)
      .executeTakeFirstOrThrow();
    expect(stored.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const agent = new Agent(t.app);
    expect(
      (
        await agent.post('/api/auth/sign-in', {
          email: 'NEW.staff@test.tsunagu.example',
          password: temporaryPassword,
        })
      ).json().stage,
    ).toBe('enroll_totp');
    const dup = await asAdminA.post('/api/staff', newStaff(orgA));
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ code: 'STAFF_EMAIL_EXISTS', field: 'email' });
  });

  it('does not let an organisation admin manage another organisation’s staff', async () => {
    expect((await asAdminA.post('/api/staff', newStaff(orgB))).statusCode).toBe(403);
    expect((await asAdminA.patch(`/api/staff/${staffB.id}`, { displayName: '乗っ取り' })).statusCode).toBe(
      404,
    );
    expect((await asAdminA.post(`/api/staff/${staffB.id}/password-reset`)).statusCode).toBe(404);
    expect((await asAdminA.put(`/api/staff/${staffB.id}/disabled`, { disabled: true })).statusCode).toBe(404);
    expect(
      (
        await asAdminA.put(`/api/organisations/${orgB}/members/${staffB.id}`, {
          profession: 'nurse',
          role: 'org_admin',
        })
      ).statusCode,
    ).toBe(403);
    expect((await asAdminA.delete(`/api/organisations/${orgB}/members/${staffB.id}`)).statusCode).toBe(403);
    expect(
      (
        await asAdminA.post(`/api/organisations/${orgB}/members`, {
          email: adminA.email,
          profession: 'nurse',
          role: 'org_admin',
        })
      ).statusCode,
    ).toBe(403);
    const row = await t.database.db
      .selectFrom('users')
      .select(['displayName', 'disabledAt'])
      .where('id', '=', staffB.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ displayName: 'B職員', disabledAt: null });
    expect(
      (await auditRows(t.database.db, 'staff.create')).filter((r) => r.outcome === 'denied'),
    ).toHaveLength(1);
  });

  it('keeps a staff member out of every admin route', async () => {
    const asStaff = await signIn(t.app, staffA, t.clock);
    const attempts = await Promise.all([
      asStaff.post('/api/staff', newStaff(orgA)),
      asStaff.patch(`/api/staff/${adminA.id}`, { displayName: 'x' }),
      asStaff.post(`/api/staff/${adminA.id}/password-reset`),
      asStaff.post(`/api/staff/${adminA.id}/two-factor-reset`),
      asStaff.put(`/api/staff/${adminA.id}/disabled`, { disabled: true }),
      asStaff.put(`/api/organisations/${orgA}/members/${staffA.id}`, {
        profession: 'nurse',
        role: 'org_admin',
      }),
      asStaff.patch(`/api/organisations/${orgA}`, { phone: '099-000-0000' }),
      asStaff.post('/api/regions', { level: 'prefecture', name: 'x' }),
      asStaff.get('/api/audit-events'),
      asStaff.post('/api/audit/verify'),
    ]);
    expect(attempts.map((r) => r.statusCode)).toEqual([403, 403, 403, 403, 403, 403, 403, 403, 403, 403]);
    expect(attempts.every((r) => r.json().code === 'FORBIDDEN')).toBe(true);
    // Colleagues are visible to staff, the admin's own detail too.
    expect((await asStaff.get(`/api/staff/${adminA.id}`)).json().abilities).toEqual({
      update: false,
      resetCredentials: false,
      disable: false,
    });
  });

  it('resets a password: the old sessions end and the new one must be changed', async () => {
    const session = await signIn(t.app, staffA, t.clock);
    const reset = await asAdminA.post(`/api/staff/${staffA.id}/password-reset`);
    expect(reset.statusCode).toBe(200);
    const { temporaryPassword } = reset.json();
    expect((await session.get('/api/regions')).statusCode).toBe(401);
    expect(
      (await new Agent(t.app).post('/api/auth/sign-in', { email: staffA.email, password: TEST_PASSWORD }))
        .statusCode,
    ).toBe(401);
    expect(
      (await new Agent(t.app).post('/api/auth/sign-in', { email: staffA.email, password: temporaryPassword }))
        .statusCode,
    ).toBe(200);
    expect(await auditRows(t.database.db, 'staff.password_reset')).toHaveLength(1);
  });

  it('disabling an account ends all its sessions and refuses sign-in; enabling lets it back', async () => {
    const one = await signIn(t.app, staffA, t.clock);
    const two = await signIn(t.app, staffA, t.clock);
    const disabled = await asAdminA.put(`/api/staff/${staffA.id}/disabled`, { disabled: true });
    expect(disabled.json()).toMatchObject({ isDisabled: true });
    expect((await one.get('/api/regions')).statusCode).toBe(401);
    expect((await two.get('/api/regions')).statusCode).toBe(401);
    const refused = await new Agent(t.app).post('/api/auth/sign-in', {
      email: staffA.email,
      password: TEST_PASSWORD,
    });
    expect(refused.json()).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    await asAdminA.put(`/api/staff/${staffA.id}/disabled`, { disabled: false });
    expect(
      (await new Agent(t.app).post('/api/auth/sign-in', { email: staffA.email, password: TEST_PASSWORD }))
        .statusCode,
    ).toBe(200);
  });

  it('resets two-factor so the next sign-in enrols again', async () => {
    const reset = await asAdminA.post(`/api/staff/${staffA.id}/two-factor-reset`);
    expect(reset.json()).toMatchObject({ hasTwoFactor: false });
    const next = await new Agent(t.app).post('/api/auth/sign-in', {
      email: staffA.email,
      password: TEST_PASSWORD,
    });
    expect(next.json().stage).toBe('enroll_totp');
  });

  it('brings an account of another organisation in by an invitation it accepts, and protects the last admin', async () => {
    const asAdminB = await signIn(
      t.app,
      await createUser(t.database.db, { organisationId: orgB, role: 'org_admin' }),
      t.clock,
    );
    const invite = (email: string) =>
      asAdminB.post(`/api/organisations/${orgB}/members`, { email, profession: 'peer_staff', role: 'staff' });
    const invited = await invite(staffA.email);
    expect(invited.statusCode).toBe(202);
    expect(invited.json()).toEqual({ outcome: 'invited', message: '招待を送りました。' });

    const asStaffA = await signIn(t.app, staffA, t.clock);
    const [invitation] = (await asStaffA.get('/api/account/invitations')).json().invitations;
    expect(invitation).toMatchObject({ organisationId: orgB, organisationName: 'B事業所', role: 'staff' });
    const accepted = await asStaffA.post(`/api/account/invitations/${invitation.id}/accept`);
    expect(accepted.statusCode).toBe(200);
    const joined = (await asAdminB.get(`/api/staff/${staffA.id}`)).json();
    expect(joined.memberships.map((m: { organisationId: string }) => m.organisationId).sort()).toEqual(
      [orgA, orgB].sort(),
    );
    expect((await invite(staffA.email)).json()).toMatchObject({ code: 'ALREADY_MEMBER', field: 'email' });
    expect((await invite('nobody@x.example')).statusCode).toBe(202);

    const demote = await asAdminA.put(`/api/organisations/${orgA}/members/${adminA.id}`, {
      profession: 'clerk',
      role: 'staff',
    });
    expect(demote.statusCode).toBe(409);
    expect(demote.json()).toMatchObject({ code: 'LAST_ORG_ADMIN' });
    expect(
      (
        await asAdminA.put(`/api/organisations/${orgA}/members/${staffA.id}`, {
          profession: 'clerk',
          role: 'org_admin',
        })
      ).statusCode,
    ).toBe(200);
    expect((await asAdminA.delete(`/api/organisations/${orgA}/members/${staffA.id}`)).statusCode).toBe(200);
  });

  it('refuses an initial password holding the address, here and for the first administrator', async () => {
    const refused = await asAdminA.post('/api/staff', {
      ...newStaff(orgA),
      initialPassword: 'ＮＥＷ.Staff-walks-at-dawn',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'PASSWORD_CONTAINS_EMAIL', field: 'initialPassword' });
    const admin = { email: 'admin.root@example.jp', displayName: '管理 太郎', kana: 'かんり たろう' };
    await expect(
      createSystemAdmin(t.database.db, { ...admin, password: 'admin.root-of-the-city' }, t.clock.now()),
    ).rejects.toMatchObject({ code: 'PASSWORD_CONTAINS_EMAIL', field: 'password' });
    const created = await asAdminA.post('/api/staff', {
      ...newStaff(orgA),
      initialPassword: 'kumo-no-ue-de-sanpo-2026',
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(await t.database.db.selectFrom('users').where('email', '=', admin.email).execute()).toEqual([]);
  });

  it('answers malformed bodies with 400 naming the field and saves nothing', async () => {
    const cases: [unknown, string][] = [
      [{ ...newStaff(orgA), email: 'not-an-email' }, 'email'],
      [{ ...newStaff(orgA), displayName: 42 }, 'displayName'],
      [{ ...newStaff(orgA), displayName: 'あ'.repeat(101) }, 'displayName'],
      [{ ...newStaff(orgA), profession: 'astronaut' }, 'profession'],
      [{ ...newStaff(orgA), isSystemAdmin: true }, 'isSystemAdmin'],
      [{ ...newStaff(orgA), organisationId: 'abc' }, 'organisationId'],
      [{ ...newStaff(orgA), kana: undefined }, 'kana'],
      [{ ...newStaff(orgA), initialPassword: 'password12345' }, 'initialPassword'],
    ];
    for (const [body, field] of cases) {
      const response = await asAdminA.post('/api/staff', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().field).toBe(field);
      expect(response.json().message).toMatch(/[ぁ-んァ-ン一-龥]/);
    }
    const total = await t.database.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(total.n)).toBe(4);
  });
});
