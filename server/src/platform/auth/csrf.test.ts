import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../../test/agent.ts';
import {
  createOrganisation,
  createUser,
  nextTotpCode,
  signIn,
  signInWith,
  TEST_PASSWORD,
  type TestUser,
} from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';

let t: TestApp;
/** The same app behind a TLS-terminating proxy it trusts (the test agents come from 192.0.2.0/24). */
let proxied: TestApp;
let orgId: string;

beforeAll(async () => {
  t = await createTestApp();
  proxied = await createTestApp({ config: { TSUNAGU_TRUST_PROXY: '192.0.2.0/24' } });
  orgId = await createOrganisation(t.database.db);
});
afterAll(async () => {
  await t?.close();
  await proxied?.close();
});

const newUser = () => createUser(t.database.db, { organisationId: orgId });
/** A change any signed-in user may make: the acting organisation, to their own. */
const switchOwn = (agent: Agent, token: string | null) =>
  agent.request(
    'PUT',
    '/api/auth/session/organisation',
    { organisationId: orgId },
    { headers: { 'x-csrf-token': token ?? '' } },
  );

describe('the CSRF token is bound to the session', () => {
  it('comes anew with each sign-in step, and the one from before a step is refused after it', async () => {
    const user = await newUser();
    const agent = new Agent(t.app);
    const beforeSignIn = await agent.fetchCsrf();
    const password = await agent.post('/api/auth/sign-in', { email: user.email, password: TEST_PASSWORD });
    const afterPassword = password.headers['x-csrf-token'];
    expect(afterPassword).toEqual(expect.any(String));
    expect(afterPassword).not.toBe(beforeSignIn);

    const code = nextTotpCode(user, t.clock);
    const stale = await agent.request(
      'POST',
      '/api/auth/totp',
      { code },
      { headers: { 'x-csrf-token': beforeSignIn } },
    );
    expect(stale.statusCode).toBe(403);
    expect(stale.json()).toMatchObject({ code: 'CSRF_INVALID' });

    const totp = await agent.post('/api/auth/totp', { code });
    expect(totp.statusCode).toBe(200);
    const signedIn = totp.headers['x-csrf-token'];
    expect(signedIn).toEqual(expect.any(String));
    expect((await switchOwn(agent, String(afterPassword))).statusCode).toBe(403);
    expect((await switchOwn(agent, beforeSignIn)).statusCode).toBe(403);
    expect((await switchOwn(agent, String(signedIn))).statusCode).toBe(200);
    // A token fetched while signed in is bound to the session as well.
    expect((await switchOwn(agent, await agent.fetchCsrf())).statusCode).toBe(200);
  });

  it('refuses a token issued to another session, even the same user’s, and keeps one valid while its session lasts', async () => {
    const user = await newUser();
    const mine = await signIn(t.app, user, t.clock);
    const theirs = await signIn(t.app, user, t.clock);
    const refused = await switchOwn(mine, theirs.csrfToken);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'CSRF_INVALID' });

    t.clock.advanceMinutes(25);
    expect((await switchOwn(mine, mine.csrfToken)).statusCode).toBe(200);
  });

  it('before sign-in, binds the token to this browser’s cookie (login CSRF)', async () => {
    const user = await newUser();
    const browser = new Agent(t.app);
    const other = new Agent(t.app);
    await browser.fetchCsrf();
    const otherToken = await other.fetchCsrf();
    const body = { email: user.email, password: TEST_PASSWORD };
    const crossed = await browser.request('POST', '/api/auth/sign-in', body, {
      headers: { 'x-csrf-token': otherToken },
    });
    expect(crossed.statusCode).toBe(403);
    const noCookie = new Agent(t.app);
    const withoutCookie = await noCookie.request('POST', '/api/auth/sign-in', body, {
      headers: { 'x-csrf-token': browser.csrfToken! },
    });
    expect(withoutCookie.statusCode).toBe(403);
    expect((await browser.post('/api/auth/sign-in', body)).statusCode).toBe(200);
  });

  it('hands a token for signing in again with the sign-out', async () => {
    const agent = await signIn(t.app, await newUser(), t.clock);
    const signedInToken = agent.csrfToken;
    const out = await agent.post('/api/auth/sign-out');
    expect(out.statusCode).toBe(200);
    expect(agent.csrfToken).not.toBe(signedInToken);
    const again = await agent.post('/api/auth/sign-in', {
      email: 'nobody@test.tsunagu.example',
      password: 'x'.repeat(12),
    });
    expect(again.statusCode).toBe(401);
    expect(again.json()).toMatchObject({ code: 'INVALID_CREDENTIALS' });
  });
});

/** The cookies a response set, by name. */
const cookiesOf = (response: { cookies: { name: string }[] }) =>
  new Map(response.cookies.map((c) => [c.name, c]));

describe('cookie names and flags', () => {
  it('over plain http on a LAN: plain names and no Secure (the browser would drop it), HttpOnly, SameSite', async () => {
    const tablet = new Agent(t.app, '192.168.1.31', { headers: { host: '192.168.1.20:3000' } });
    const csrf = cookiesOf(await tablet.get('/api/auth/csrf'));
    expect(csrf.get('tsunagu_csrf')).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(csrf.get('tsunagu_csrf')).not.toHaveProperty('secure');
    const user = await newUser();
    await tablet.post('/api/auth/sign-in', { email: user.email, password: TEST_PASSWORD });
    const totp = await tablet.post('/api/auth/totp', { code: nextTotpCode(user, t.clock) });
    const session = cookiesOf(totp).get('tsunagu_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(session).not.toHaveProperty('secure');
    expect([...tablet.cookies.keys()].some((name) => name.startsWith('__Host-'))).toBe(false);
    expect((await tablet.get('/api/auth/session')).statusCode).toBe(200);
  });

  it('over https through a trusted proxy: __Host- names, Secure, path / and no Domain', async () => {
    const user: TestUser = await createUser(proxied.database.db, {
      organisationId: await createOrganisation(proxied.database.db),
    });
    const https = { 'x-forwarded-proto': 'https', host: 'tsunagu.example.jp' };
    const browser = new Agent(proxied.app, '192.0.2.40', { headers: https });
    const csrf = cookiesOf(await browser.get('/api/auth/csrf')).get('__Host-tsunagu_csrf');
    expect(csrf).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(csrf).not.toHaveProperty('domain');

    await signInWith(browser, user, proxied.clock);
    const id = browser.cookies.get('__Host-tsunagu_session');
    expect(id).toEqual(expect.any(String));
    expect(browser.cookies.has('tsunagu_session')).toBe(false);
    expect((await browser.get('/api/auth/session')).statusCode).toBe(200);

    // The session cookie counts only under the name its protocol gives it.
    const plainName = await proxied.app.inject({
      method: 'GET',
      url: '/api/auth/session',
      remoteAddress: browser.ip,
      headers: { ...https, cookie: `tsunagu_session=${id}` },
    });
    expect(plainName.statusCode).toBe(401);
    const overHttp = await proxied.app.inject({
      method: 'GET',
      url: '/api/auth/session',
      remoteAddress: browser.ip,
      headers: { cookie: `__Host-tsunagu_session=${id}` },
    });
    expect(overHttp.statusCode).toBe(401);

    const out = await browser.post('/api/auth/sign-out');
    const cleared = cookiesOf(out).get('__Host-tsunagu_session');
    expect(cleared).toMatchObject({ value: '', secure: true, path: '/' });
  });

  it('ignores X-Forwarded-Proto from a proxy it does not trust', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/auth/csrf',
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect([...cookiesOf(response).keys()]).toEqual(['tsunagu_csrf']);
  });
});
