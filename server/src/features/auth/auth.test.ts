import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Agent } from '../../../test/agent.ts';
import {
  auditRows,
  createOrganisation,
  createUser,
  nextTotpCode,
  signIn,
  TEST_PASSWORD,
  type TestUser,
} from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { totpCodeAt } from '../../platform/auth/totp.ts';

let t: TestApp;
let orgId: string;
let user: TestUser;

beforeEach(async () => {
  t = await createTestApp();
  orgId = await createOrganisation(t.database.db);
  user = await createUser(t.database.db, { organisationId: orgId });
});
afterEach(async () => t.close());

async function passwordStep(agent: Agent, email = user.email, password = TEST_PASSWORD) {
  return agent.post('/api/auth/sign-in', { email, password });
}

describe('sign-in with password and two-factor', () => {
  it('signs in with password then TOTP, and records both steps in the audit log', async () => {
    const agent = new Agent(t.app);
    const first = await passwordStep(agent);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ stage: 'totp', user: { email: user.email } });
    const afterPassword = agent.cookies.get('tsunagu_session');

    const second = await agent.post('/api/auth/totp', { code: nextTotpCode(user, t.clock) });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({ stage: 'complete', activeOrganisationId: orgId });
    // A new session id at each sign-in step: the id seen before two-factor is worthless after it.
    expect(agent.cookies.get('tsunagu_session')).not.toBe(afterPassword);
    const stale = new Agent(t.app);
    stale.cookies.set('tsunagu_session', afterPassword!);
    expect((await stale.get('/api/auth/session')).statusCode).toBe(401);

    expect((await agent.get('/api/regions')).statusCode).toBe(200);
    const signIns = await auditRows(t.database.db, 'auth.sign_in');
    expect(signIns.at(-1)).toMatchObject({ actorUserId: user.id, outcome: 'allowed', ip: '192.0.2.10' });
    expect(await auditRows(t.database.db, 'auth.password_verified')).toHaveLength(1);
  });

  it('sets the session cookie HTTP-only and SameSite', async () => {
    const agent = new Agent(t.app);
    await agent.fetchCsrf();
    const response = await agent.request(
      'POST',
      '/api/auth/sign-in',
      { email: user.email, password: TEST_PASSWORD },
      { headers: { host: 'localhost' } },
    );
    const cookie = response.cookies.find((c) => c.name === 'tsunagu_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: true, path: '/' });
  });

  it('answers a wrong password and an unknown address alike, and audits both as failures', async () => {
    const wrong = await passwordStep(new Agent(t.app), user.email, 'not-the-password-at-all');
    const unknown = await passwordStep(
      new Agent(t.app),
      'nobody@test.tsunagu.example',
      'not-the-password-at-all',
    );
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json()).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    const failures = await auditRows(t.database.db, 'auth.sign_in');
    expect(failures.map((f) => [f.outcome, (f.details as { reason: string }).reason])).toEqual([
      ['failed', 'wrong_password'],
      ['failed', 'unknown_account'],
    ]);
  });

  it('requires two-factor before any data: a password alone reaches nothing', async () => {
    const agent = new Agent(t.app);
    await passwordStep(agent);
    const response = await agent.get('/api/regions');
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ code: 'TWO_FACTOR_REQUIRED' });
  });

  it('refuses a wrong code, a replayed code and a code two steps away', async () => {
    const agent = new Agent(t.app);
    await passwordStep(agent);
    const wrong = await agent.post('/api/auth/totp', {
      code: '000000' === totpCodeAt(user.totpSecret!, t.clock.now()) ? '111111' : '000000',
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ code: 'INVALID_TOTP' });

    const tooOld = totpCodeAt(user.totpSecret!, new Date(t.clock.now().getTime() - 90_000));
    expect((await agent.post('/api/auth/totp', { code: tooOld })).statusCode).toBe(401);

    const code = nextTotpCode(user, t.clock);
    expect((await agent.post('/api/auth/totp', { code })).statusCode).toBe(200);
    const again = new Agent(t.app);
    await passwordStep(again);
    const replay = await again.post('/api/auth/totp', { code });
    expect(replay.statusCode).toBe(401);
    const twoFactorFailures = await auditRows(t.database.db, 'auth.two_factor');
    expect(twoFactorFailures.length).toBe(3);
  });

  it('accepts the code of the previous 30-second step (clock drift of ±1 step)', async () => {
    const agent = new Agent(t.app);
    await passwordStep(agent);
    const previous = totpCodeAt(user.totpSecret!, new Date(t.clock.now().getTime() - 30_000));
    expect((await agent.post('/api/auth/totp', { code: previous })).statusCode).toBe(200);
  });

  it('rejects a malformed code with 400 naming the field', async () => {
    const agent = new Agent(t.app);
    await passwordStep(agent);
    const response = await agent.post('/api/auth/totp', { code: '12ab56' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'VALIDATION_FAILED', field: 'code' });
  });

  it('enrols two-factor on first sign-in and hands out recovery codes that work once', async () => {
    const fresh = await createUser(t.database.db, { organisationId: orgId, withTotp: false });
    const agent = new Agent(t.app);
    expect((await passwordStep(agent, fresh.email)).json()).toMatchObject({ stage: 'enroll_totp' });
    expect((await agent.get('/api/regions')).statusCode).toBe(401);

    const enrol = await agent.post('/api/auth/totp/enrollment');
    expect(enrol.statusCode).toBe(200);
    const { secret, otpauthUri, qrDataUrl } = enrol.json();
    expect(otpauthUri).toContain('otpauth://totp/');
    expect(qrDataUrl).toMatch(/^data:image\/png;base64,/);

    expect(
      (
        await agent.post('/api/auth/totp/enrollment/confirm', {
          code: '000000' === totpCodeAt(secret, t.clock.now()) ? '111111' : '000000',
        })
      ).statusCode,
    ).toBe(401);
    const confirmed = await agent.post('/api/auth/totp/enrollment/confirm', {
      code: totpCodeAt(secret, t.clock.now()),
    });
    expect(confirmed.statusCode).toBe(200);
    const { session, recoveryCodes } = confirmed.json();
    expect(session.stage).toBe('complete');
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    // Stored hashed: no code appears in the database.
    const stored = await t.database.db.selectFrom('recoveryCodes').select('codeHash').execute();
    expect(stored.map((s) => s.codeHash)).not.toContain(recoveryCodes[0]);

    t.clock.advanceMinutes(1);
    const later = new Agent(t.app);
    await passwordStep(later, fresh.email);
    expect(
      (await later.post('/api/auth/recovery-code', { recoveryCode: recoveryCodes[0].toLowerCase() }))
        .statusCode,
    ).toBe(200);
    const reuse = new Agent(t.app);
    await passwordStep(reuse, fresh.email);
    const refused = await reuse.post('/api/auth/recovery-code', { recoveryCode: recoveryCodes[0] });
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({ code: 'INVALID_RECOVERY_CODE' });
  });

  it('shows a demo account its current code only in a demo installation', async () => {
    await t.database.db.updateTable('users').set({ isDemo: true }).where('id', '=', user.id).execute();
    const agent = new Agent(t.app);
    expect((await passwordStep(agent)).json().demoTotpCode).toBeUndefined();
    const demo = await createTestApp({ demoMode: true });
    try {
      const o = await createOrganisation(demo.database.db);
      const u = await createUser(demo.database.db, { organisationId: o });
      await demo.database.db.updateTable('users').set({ isDemo: true }).where('id', '=', u.id).execute();
      const a = new Agent(demo.app);
      const info = (await a.post('/api/auth/sign-in', { email: u.email, password: TEST_PASSWORD })).json();
      expect(info.demoTotpCode).toBe(totpCodeAt(u.totpSecret!, demo.clock.now()));
      expect((await a.post('/api/auth/totp', { code: info.demoTotpCode })).statusCode).toBe(200);
    } finally {
      await demo.close();
    }
  });
});

describe('sessions', () => {
  it('ends a session idle for longer than 30 minutes', async () => {
    const agent = await signIn(t.app, user, t.clock);
    t.clock.advanceMinutes(29);
    expect((await agent.get('/api/regions')).statusCode).toBe(200);
    t.clock.advanceMinutes(29);
    expect((await agent.get('/api/regions')).statusCode).toBe(200);
    t.clock.advanceMinutes(31);
    const expired = await agent.get('/api/regions');
    expect(expired.statusCode).toBe(401);
    expect(expired.json()).toMatchObject({ code: 'SESSION_EXPIRED' });
    expect((await agent.get('/api/regions')).json()).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('ends a session after its absolute lifetime even when in use', async () => {
    const agent = await signIn(t.app, user, t.clock);
    for (let step = 0; step < 28; step++) {
      t.clock.advanceMinutes(25); // active every 25 minutes: never idle
      expect((await agent.get('/api/regions')).statusCode).toBe(200);
    }
    t.clock.advanceMinutes(25); // 12 h 5 min after sign-in
    expect((await agent.get('/api/regions')).statusCode).toBe(401);
  });

  it('takes the lifetimes from configuration (e.g. a night shift)', async () => {
    const night = await createTestApp({
      config: { TSUNAGU_SESSION_MAX_HOURS: '16', TSUNAGU_SESSION_IDLE_MINUTES: '120' },
    });
    try {
      const o = await createOrganisation(night.database.db);
      const u = await createUser(night.database.db, { organisationId: o });
      const agent = await signIn(night.app, u, night.clock);
      night.clock.advanceMinutes(100);
      expect((await agent.get('/api/regions')).statusCode).toBe(200);
      expect((await agent.get('/api/auth/session')).json().idleTimeoutSeconds).toBe(7200);
    } finally {
      await night.close();
    }
  });

  it('signs out, and signs out everywhere', async () => {
    const a = await signIn(t.app, user, t.clock);
    const b = await signIn(t.app, user, t.clock);
    expect((await a.post('/api/auth/sign-out')).statusCode).toBe(200);
    expect((await a.get('/api/regions')).statusCode).toBe(401);
    expect((await b.get('/api/regions')).statusCode).toBe(200);
    t.clock.advanceMinutes(1);
    const c = await signIn(t.app, user, t.clock);
    const everywhere = await c.post('/api/auth/sign-out-everywhere');
    expect(everywhere.json()).toEqual({ sessionsEnded: 2 });
    expect((await b.get('/api/regions')).statusCode).toBe(401);
    expect((await c.get('/api/regions')).statusCode).toBe(401);
    expect(await auditRows(t.database.db, 'auth.sign_out_everywhere')).toHaveLength(1);
  });

  it('switches the acting organisation only to one the user belongs to', async () => {
    const other = await createOrganisation(t.database.db);
    await t.database.db
      .insertInto('memberships')
      .values({
        userId: user.id,
        organisationId: other,
        profession: 'nurse',
        role: 'staff',
        createdAt: new Date(),
      })
      .execute();
    const agent = await signIn(t.app, user, t.clock);
    const switched = await agent.put('/api/auth/session/organisation', { organisationId: other });
    expect(switched.statusCode).toBe(200);
    expect(switched.json().activeOrganisationId).toBe(other);
    const stranger = await createOrganisation(t.database.db);
    expect((await agent.put('/api/auth/session/organisation', { organisationId: stranger })).statusCode).toBe(
      404,
    );
  });
});

describe('CSRF protection', () => {
  it('refuses a change without the token, or with a forged one', async () => {
    const agent = await signIn(t.app, user, t.clock);
    const missing = await agent.request(
      'POST',
      '/api/auth/sign-out',
      {},
      { headers: { 'x-csrf-token': '' } },
    );
    expect(missing.statusCode).toBe(403);
    expect(missing.json()).toMatchObject({ code: 'CSRF_INVALID' });
    const forged = await agent.request(
      'POST',
      '/api/auth/sign-out',
      {},
      { headers: { 'x-csrf-token': 'forged-token-value' } },
    );
    expect(forged.statusCode).toBe(403);
    // The session is untouched by the refused requests.
    expect((await agent.get('/api/regions')).statusCode).toBe(200);
  });

  it('protects sign-in itself (login CSRF)', async () => {
    const agent = new Agent(t.app);
    const response = await agent.request(
      'POST',
      '/api/auth/sign-in',
      { email: user.email, password: TEST_PASSWORD },
      { headers: { 'x-csrf-token': 'x' } },
    );
    expect(response.statusCode).toBe(403);
  });
});

describe('my account', () => {
  it('changes the password: checks the current one, refuses common ones, ends other sessions', async () => {
    const agent = await signIn(t.app, user, t.clock);
    const other = await signIn(t.app, user, t.clock);
    const wrongCurrent = await agent.put('/api/account/password', {
      currentPassword: 'not-my-password',
      newPassword: 'a-brand-new-long-passphrase',
    });
    expect(wrongCurrent.statusCode).toBe(400);
    expect(wrongCurrent.json()).toMatchObject({ code: 'WRONG_PASSWORD', field: 'currentPassword' });

    const common = await agent.put('/api/account/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'password123',
    });
    expect(common.statusCode).toBe(400);
    expect(common.json()).toMatchObject({ field: 'newPassword' });
    const short = await agent.put('/api/account/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'short',
    });
    expect(short.statusCode).toBe(400);
    expect(short.json()).toMatchObject({ code: 'VALIDATION_FAILED', field: 'newPassword' });

    const before = agent.cookies.get('tsunagu_session');
    const ok = await agent.put('/api/account/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'kumo-no-ue-de-sanpo-2026',
    });
    expect(ok.statusCode).toBe(200);
    expect(agent.cookies.get('tsunagu_session')).not.toBe(before);
    expect((await agent.get('/api/regions')).statusCode).toBe(200);
    expect((await other.get('/api/regions')).statusCode).toBe(401);

    t.clock.advanceMinutes(1);
    const again = new Agent(t.app);
    expect((await passwordStep(again, user.email, 'kumo-no-ue-de-sanpo-2026')).statusCode).toBe(200);
  });

  it('makes an account with a temporary password change it before anything else', async () => {
    const temp = await createUser(t.database.db, { organisationId: orgId, mustChangePassword: true });
    const agent = await signIn(t.app, temp, t.clock);
    const blocked = await agent.get('/api/regions');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json()).toMatchObject({ code: 'PASSWORD_CHANGE_REQUIRED' });
    expect(
      (
        await agent.put('/api/account/password', {
          currentPassword: TEST_PASSWORD,
          newPassword: 'hoshizora-no-shita-2026',
        })
      ).statusCode,
    ).toBe(200);
    expect((await agent.get('/api/regions')).statusCode).toBe(200);
  });

  it('regenerates recovery codes only with a valid current code', async () => {
    const agent = await signIn(t.app, user, t.clock);
    expect(
      (
        await agent.post('/api/account/recovery-codes', {
          code: '999999' === totpCodeAt(user.totpSecret!, t.clock.now()) ? '888888' : '999999',
        })
      ).statusCode,
    ).toBe(400);
    t.clock.advanceMinutes(1);
    const ok = await agent.post('/api/account/recovery-codes', { code: nextTotpCode(user, t.clock) });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().recoveryCodes).toHaveLength(10);
    const overview = await agent.get('/api/account');
    expect(overview.json()).toMatchObject({ hasTwoFactor: true, remainingRecoveryCodes: 10 });
    expect(overview.json().sessions.filter((s: { isCurrent: boolean }) => s.isCurrent)).toHaveLength(1);
  });
});
