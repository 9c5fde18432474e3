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
import { DEVICE_COOKIE } from './device-cookie.ts';
import { LONGEST_WAIT_SECONDS, waitAfter } from './sign-in-throttle.ts';

let t: TestApp;
let orgId: string;
let owner: TestUser;

beforeEach(async () => {
  t = await createTestApp();
  orgId = await createOrganisation(t.database.db);
  owner = await createUser(t.database.db, { organisationId: orgId });
});
afterEach(async () => t.close());

const WRONG = 'wrong-password-123';
const HOME = '192.0.2.10';

function passwordStep(agent: Agent, email: string, password: string, code?: string) {
  return agent.post('/api/auth/sign-in', { email, password, ...(code ? { code } : {}) });
}

/** A code for the user that is not the one the server would accept now. */
function wrongCode(user: TestUser): string {
  const right = totpCodeAt(user.totpSecret!, t.clock.now());
  return right === '000000' ? '111111' : '000000';
}

/** `count` failed sign-ins for the address, each from an address of its own (a guesser with many). */
async function failFromManyAddresses(email: string, count: number): Promise<void> {
  for (let i = 1; i <= count; i++) {
    const response = await passwordStep(new Agent(t.app, `198.51.100.${i}`), email, WRONG);
    expect([401, 429]).toContain(response.statusCode);
  }
}

/**
 * Puts the account cap on for its longest wait (15 minutes): 25 failures from 25 addresses. While
 * it is on, further tries without a code are refused uncounted.
 */
const capAccount = (email: string) => failFromManyAddresses(email, 25);

/** `count` tries from one address, each after the wait it was asked for. */
async function failFromOneAddress(email: string, address: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const response = await passwordStep(new Agent(t.app, address), email, WRONG);
    expect([401, 429]).toContain(response.statusCode);
    const wait = Number(response.json().retryAfterSeconds ?? 0);
    if (response.json().code === 'SIGN_IN_THROTTLED') t.clock.advance(wait * 1000);
  }
}

describe('the waits', () => {
  it('start at the fifth failure of an account from an address, double, and stop growing at 15 minutes', () => {
    expect([4, 5, 6, 7, 9, 10, 50].map((n) => waitAfter('account_address', n))).toEqual([
      0, 30, 60, 120, 480, 900, 900,
    ]);
    expect(waitAfter('address', 19)).toBe(0);
    expect(waitAfter('address', 20)).toBe(30);
    expect(LONGEST_WAIT_SECONDS).toBe(900);
  });

  it('makes an address wait after five failures, even with the right password, but never locks the account', async () => {
    for (let i = 0; i < 5; i++)
      expect((await passwordStep(new Agent(t.app), owner.email, WRONG)).statusCode).toBe(401);
    const waiting = await passwordStep(new Agent(t.app), owner.email, TEST_PASSWORD);
    expect(waiting.statusCode).toBe(429);
    expect(waiting.json()).toMatchObject({ code: 'SIGN_IN_THROTTLED', retryAfterSeconds: 30 });
    expect(waiting.json().message).toContain('30秒後');
    expect(waiting.headers['retry-after']).toBe('30');
    const denied = await auditRows(t.database.db, 'auth.sign_in');
    expect(denied.at(-1)).toMatchObject({ outcome: 'denied', details: { reason: 'throttled' } });

    // Another address is not held up by these failures; this one is, until the wait is over.
    expect(
      (await passwordStep(new Agent(t.app, '198.51.100.20'), owner.email, TEST_PASSWORD)).statusCode,
    ).toBe(200);
    t.clock.advance(31_000);
    expect((await passwordStep(new Agent(t.app), owner.email, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('grow for an account tried again from one address, and are forgotten an hour after the last failure', async () => {
    for (let i = 0; i < 5; i++) await passwordStep(new Agent(t.app), owner.email, WRONG);
    const first = await passwordStep(new Agent(t.app), owner.email, TEST_PASSWORD);
    expect(first.json()).toMatchObject({ code: 'SIGN_IN_THROTTLED', retryAfterSeconds: 30 });
    t.clock.advance(30_000);
    expect((await passwordStep(new Agent(t.app), owner.email, WRONG)).statusCode).toBe(401);
    const second = await passwordStep(new Agent(t.app), owner.email, TEST_PASSWORD);
    expect(second.json()).toMatchObject({ code: 'SIGN_IN_THROTTLED', retryAfterSeconds: 60 });
    expect(second.json().message).toContain('1分後');
    t.clock.advanceMinutes(61);
    expect((await passwordStep(new Agent(t.app), owner.email, WRONG)).statusCode).toBe(401);
    expect((await passwordStep(new Agent(t.app), owner.email, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('hold up an address that tries many accounts, for every account, but not other addresses', async () => {
    for (let i = 0; i < 20; i++)
      await passwordStep(new Agent(t.app, '203.0.113.5'), `guess-${i}@test.tsunagu.example`, WRONG);
    const sprayer = await passwordStep(new Agent(t.app, '203.0.113.5'), owner.email, TEST_PASSWORD);
    expect(sprayer.json()).toMatchObject({ code: 'SIGN_IN_THROTTLED', retryAfterSeconds: 30 });
    expect((await passwordStep(new Agent(t.app, '203.0.113.6'), owner.email, TEST_PASSWORD)).statusCode).toBe(
      200,
    );
  });

  it('count the IPv6 addresses of one /64 as one address', async () => {
    for (let i = 1; i <= 5; i++)
      await passwordStep(new Agent(t.app, `2001:db8:7:1::${i}`), owner.email, WRONG);
    const sameNetwork = await passwordStep(
      new Agent(t.app, '2001:db8:7:1:ffff::9'),
      owner.email,
      TEST_PASSWORD,
    );
    expect(sameNetwork.json()).toMatchObject({ code: 'SIGN_IN_THROTTLED' });
    expect(
      (await passwordStep(new Agent(t.app, '2001:db8:7:2::1'), owner.email, TEST_PASSWORD)).statusCode,
    ).toBe(200);
  });

  it('apply to the second step: wrong codes make that address wait before the right one', async () => {
    const agent = new Agent(t.app);
    await passwordStep(agent, owner.email, TEST_PASSWORD);
    for (let i = 0; i < 5; i++)
      expect((await agent.post('/api/auth/totp', { code: wrongCode(owner) })).statusCode).toBe(401);
    const waiting = await agent.post('/api/auth/totp', { code: nextTotpCode(owner, t.clock) });
    expect(waiting.json()).toMatchObject({ code: 'SIGN_IN_THROTTLED', retryAfterSeconds: 30 });
    const refusals = await auditRows(t.database.db, 'auth.two_factor');
    expect(refusals.at(-1)).toMatchObject({ outcome: 'denied', details: { reason: 'throttled' } });
    t.clock.advance(30_000);
    expect((await agent.post('/api/auth/totp', { code: nextTotpCode(owner, t.clock) })).statusCode).toBe(200);
  });
});

describe('an unknown e-mail address', () => {
  it('is answered exactly like a known one: failing, waiting and under the account cap', async () => {
    const ghost = 'ghost@test.tsunagu.example';
    const pair = async (password = WRONG, code?: string) => {
      const known = await passwordStep(new Agent(t.app, '203.0.113.1'), owner.email, password, code);
      const unknown = await passwordStep(new Agent(t.app, '203.0.113.2'), ghost, password, code);
      expect(unknown.statusCode).toBe(known.statusCode);
      expect(unknown.json()).toEqual(known.json());
      expect(unknown.headers['retry-after']).toBe(known.headers['retry-after']);
      return known;
    };
    expect((await pair()).statusCode).toBe(401);
    for (let i = 0; i < 4; i++) await pair();
    expect((await pair()).json()).toMatchObject({ code: 'SIGN_IN_THROTTLED' });

    await capAccount(owner.email);
    await capAccount(ghost);
    t.clock.advance(30_000); // the two addresses' own waits are over; the caps are not
    expect((await pair(TEST_PASSWORD)).json()).toMatchObject({ code: 'SIGN_IN_CODE_REQUIRED' });
    expect((await pair(WRONG, '123456')).json()).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    const failures = await auditRows(t.database.db, 'auth.sign_in');
    for (const row of failures) expect(JSON.stringify(row.details)).not.toContain(WRONG);
  });
});

describe('a night-duty coordinator cannot be locked out', () => {
  it('signs in at once from a browser that signed in before, after 50 failures from another address', async () => {
    const home = await signIn(t.app, owner, t.clock, HOME);
    expect((await home.post('/api/auth/sign-out')).statusCode).toBe(200);
    await failFromOneAddress(owner.email, '203.0.113.66', 50);
    expect(
      (await passwordStep(new Agent(t.app, '203.0.113.66'), owner.email, TEST_PASSWORD)).statusCode,
    ).toBe(429);

    const again = await passwordStep(home, owner.email, TEST_PASSWORD);
    expect(again.statusCode).toBe(200);
    expect((await home.post('/api/auth/totp', { code: nextTotpCode(owner, t.clock) })).statusCode).toBe(200);
  });

  it('signs in at once from a known browser or with the second factor, after 50 failures from 50 addresses', async () => {
    const home = await signIn(t.app, owner, t.clock, HOME);
    await home.post('/api/auth/sign-out');
    t.clock.advanceMinutes(1);
    await failFromManyAddresses(owner.email, 50);

    // A browser it never signed in from: the cap asks for the code along with the password.
    const newPhone = new Agent(t.app, '203.0.113.200');
    const asked = await passwordStep(newPhone, owner.email, TEST_PASSWORD);
    expect(asked.statusCode).toBe(429);
    expect(asked.json()).toMatchObject({ code: 'SIGN_IN_CODE_REQUIRED' });
    expect(asked.json().message).toContain('確認コード');
    expect(asked.json().retryAfterSeconds).toBeGreaterThan(0);
    const wrongCodeAnswer = await passwordStep(newPhone, owner.email, TEST_PASSWORD, wrongCode(owner));
    const wrongPasswordAnswer = await passwordStep(
      newPhone,
      owner.email,
      WRONG,
      nextTotpCode(owner, t.clock),
    );
    expect(wrongCodeAnswer.statusCode).toBe(401);
    expect(wrongCodeAnswer.json()).toEqual(wrongPasswordAnswer.json());
    t.clock.advanceMinutes(1);
    const withCode = await passwordStep(newPhone, owner.email, TEST_PASSWORD, nextTotpCode(owner, t.clock));
    expect(withCode.statusCode).toBe(200);
    expect(withCode.json()).toMatchObject({ stage: 'complete' });
    expect((await newPhone.get('/api/regions')).statusCode).toBe(200);
    expect(newPhone.cookies.get(DEVICE_COOKIE)).toBeDefined();

    // The browser it signed in from before: the password step as usual, not delayed.
    const fromHome = await passwordStep(home, owner.email, TEST_PASSWORD);
    expect(fromHome.statusCode).toBe(200);
    expect(fromHome.json()).toMatchObject({ stage: 'totp' });
    const signIns = await auditRows(t.database.db, 'auth.sign_in');
    expect(signIns.filter((r) => r.outcome === 'denied').at(-1)).toMatchObject({
      details: { reason: 'second_factor_required' },
    });
  });

  it('finishes a sign-in whose password step passed before the cap came on', async () => {
    const agent = new Agent(t.app, HOME);
    expect((await passwordStep(agent, owner.email, TEST_PASSWORD)).statusCode).toBe(200);
    await failFromManyAddresses(owner.email, 50);
    expect((await agent.post('/api/auth/totp', { code: nextTotpCode(owner, t.clock) })).statusCode).toBe(200);
  });
});

describe('the device cookie', () => {
  it('is HTTP-only, signed, for the sign-in routes, kept a year, and survives sign-out and expiry', async () => {
    const home = new Agent(t.app, HOME);
    await passwordStep(home, owner.email, TEST_PASSWORD);
    const done = await home.post('/api/auth/totp', { code: nextTotpCode(owner, t.clock) });
    const cookie = done.cookies.find((c) => c.name === DEVICE_COOKIE);
    expect(cookie).toMatchObject({
      httpOnly: true,
      sameSite: 'Strict',
      path: '/api/auth',
      maxAge: 31_536_000,
    });
    const stored = await t.database.db.selectFrom('signInDevices').select(['tokenHash', 'userId']).execute();
    expect(stored).toEqual([{ tokenHash: expect.stringMatching(/^[0-9a-f]{64}$/), userId: owner.id }]);
    expect(cookie!.value).not.toContain(stored[0]!.tokenHash);

    const signOut = await home.post('/api/auth/sign-out');
    expect(signOut.cookies.find((c) => c.name === DEVICE_COOKIE)).toBeUndefined();
    expect(home.cookies.get(DEVICE_COOKIE)).toBe(cookie!.value);
    t.clock.advanceMinutes(2);
    await capAccount(owner.email);
    const stranger = new Agent(t.app, HOME);
    expect((await passwordStep(stranger, owner.email, TEST_PASSWORD)).json()).toMatchObject({
      code: 'SIGN_IN_CODE_REQUIRED',
    });
    expect((await passwordStep(home, owner.email, TEST_PASSWORD)).statusCode).toBe(200);
    t.clock.advanceMinutes(40); // that session has expired (idle); the cookie still vouches
    expect((await home.get('/api/auth/session')).statusCode).toBe(401);
    await capAccount(owner.email); // the cap's 15 minutes were over: the guessing goes on
    expect((await passwordStep(stranger, owner.email, TEST_PASSWORD)).statusCode).toBe(429);
    expect((await passwordStep(home, owner.email, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('vouches only for its own account, and not when altered', async () => {
    const colleague = await createUser(t.database.db, { organisationId: orgId });
    const shared = await signIn(t.app, colleague, t.clock, HOME);
    await capAccount(owner.email);
    expect((await passwordStep(shared, owner.email, TEST_PASSWORD)).json()).toMatchObject({
      code: 'SIGN_IN_CODE_REQUIRED',
    });
    const forged = new Agent(t.app, HOME);
    const value = shared.cookies.get(DEVICE_COOKIE)!;
    forged.cookies.set(
      DEVICE_COOKIE,
      `${value.slice(0, 10)}${value[10] === 'A' ? 'B' : 'A'}${value.slice(11)}`,
    );
    await capAccount(colleague.email);
    expect((await passwordStep(shared, colleague.email, TEST_PASSWORD)).statusCode).toBe(200);
    expect((await passwordStep(forged, colleague.email, TEST_PASSWORD)).json()).toMatchObject({
      code: 'SIGN_IN_CODE_REQUIRED',
    });
  });

  it('keeps the accounts of a shared browser, each replaced at its own next sign-in', async () => {
    const colleague = await createUser(t.database.db, { organisationId: orgId });
    const shared = await signIn(t.app, owner, t.clock, HOME);
    await shared.post('/api/auth/sign-out');
    await passwordStep(shared, colleague.email, TEST_PASSWORD);
    await shared.post('/api/auth/totp', { code: nextTotpCode(colleague, t.clock) });
    await shared.post('/api/auth/sign-out');
    await capAccount(owner.email);
    await capAccount(colleague.email);
    expect((await passwordStep(shared, owner.email, TEST_PASSWORD)).statusCode).toBe(200);
    expect((await passwordStep(shared, colleague.email, TEST_PASSWORD)).statusCode).toBe(200);
    expect(await t.database.db.selectFrom('signInDevices').select('userId').execute()).toHaveLength(2);
  });

  it('counts failures on that browser alone: someone holding it still waits after five', async () => {
    const home = await signIn(t.app, owner, t.clock, HOME);
    for (let i = 0; i < 5; i++) await passwordStep(home, owner.email, WRONG);
    expect((await passwordStep(home, owner.email, TEST_PASSWORD)).json()).toMatchObject({
      code: 'SIGN_IN_THROTTLED',
    });
    // The same address without the cookie is not held up by what the browser counted.
    expect((await passwordStep(new Agent(t.app, HOME), owner.email, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('is revoked by a password reset', async () => {
    const admin = await signIn(
      t.app,
      await createUser(t.database.db, { organisationId: orgId, isSystemAdmin: true }),
      t.clock,
      '192.0.2.99',
    );
    const home = await signIn(t.app, owner, t.clock, HOME);
    await home.post('/api/auth/sign-out');
    await capAccount(owner.email);
    expect((await passwordStep(home, owner.email, TEST_PASSWORD)).statusCode).toBe(200);

    const reset = await admin.post(`/api/staff/${owner.id}/password-reset`);
    expect(reset.statusCode).toBe(200);
    const temporary = reset.json().temporaryPassword;
    const audit = await auditRows(t.database.db, 'staff.password_reset');
    expect(audit.at(-1)).toMatchObject({ details: { devicesRevoked: 1 } });
    // The reset ended the half-signed-in session its CSRF token was bound to: the browser takes a
    // new token, as the web client does when a change is refused for it.
    await home.fetchCsrf();
    expect((await passwordStep(home, owner.email, temporary)).json()).toMatchObject({
      code: 'SIGN_IN_CODE_REQUIRED',
    });
  });
});
