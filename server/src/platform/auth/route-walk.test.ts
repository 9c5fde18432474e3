import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { Agent } from '../../../test/agent.ts';
import { createOrganisation, createUser, signIn, TEST_PASSWORD } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import type { RegisteredRoute } from './route-levels.ts';

/**
 * The route walk: every route the app registered (its route table, not a hand list) is asked
 * for as an anonymous caller and as a caller signed in with a password only (two-factor not
 * done), through its own path and through spellings a router or a prefix test might read
 * differently. A route added without a level is `signed-in`, so it is walked as one.
 */

/** A built client in a temporary directory, so the static file routes are registered too. */
function clientDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'tsunagu-walk-client-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>つなぐ</title>');
  writeFileSync(path.join(dir, 'assets', 'app-1234.js'), 'console.log("つなぐ");');
  return dir;
}

/** The route's path with its parameters filled: `param()` each, `x` for a wildcard. */
function pathOf(route: RegisteredRoute, param: () => string = randomUUID): string {
  return route.url
    .split('/')
    .map((segment) => (segment.startsWith(':') ? param() : segment === '*' ? 'x' : segment))
    .join('/');
}

/** Percent-encodes every character of a path segment (unreserved ones included). */
const encodeAll = (segment: string) =>
  [...Buffer.from(segment)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');

/** Spellings of one path: the router decodes some to the same route, and must match none of the rest. */
function spellingsOf(plain: string): Record<string, string> {
  const [, first = '', ...rest] = plain.split('/');
  const tail = rest.length > 0 ? `/${rest.join('/')}` : '';
  return {
    plain,
    'first letter encoded': `/%${first.charCodeAt(0).toString(16)}${first.slice(1)}${tail}`,
    'every letter encoded': plain.split('/').map(encodeAll).join('/'),
    'slashes encoded': `/${first}${tail.replaceAll('/', '%2F')}`,
    'doubled leading slash': `/${plain}`,
    'doubled inner slash': `/${first}/${tail}`,
    'trailing slash': `${plain}/`,
    'capitals (first segment)': `/${first.toUpperCase()}${tail}`,
    'capitals (all)': plain.toUpperCase(),
    'dot segments': `/${first}/x/..${tail}`,
    'encoded dot segments': `/${first}/x/%2e%2e${tail}`,
  };
}

/**
 * Spellings that reach the route itself: the router decodes percent-encoding, and app.inject
 * resolves dot segments as a browser would (a raw `..` reaching a server matches no route: the
 * last test). Each meets the route's own auth decision; the others match no route at all.
 */
const REACH_THE_ROUTE = new Set(['plain', 'first letter encoded', 'every letter encoded', 'dot segments']);

const isSafe = (method: string) => method === 'GET' || method === 'HEAD';
const key = (r: { method: string; url: string }) => `${r.method} ${r.url}`;

/** A caller as the walk sends it: cookies and a CSRF token (or none). */
interface Caller {
  name: string;
  cookie: string;
  token: string | null;
}
const callerOf = (name: string, agent: Agent): Caller => ({
  name,
  cookie: agent.cookieHeader(),
  token: agent.csrfToken,
});

/** One app to walk, with its callers: anonymous, password only (stage `totp`), signed in twice. */
interface World {
  t: TestApp;
  routes: RegisteredRoute[];
  anonymous: Caller;
  passwordOnly: Caller;
  signedIn: Agent;
  otherSession: Agent;
}

async function worldOf(config: Record<string, string>): Promise<World> {
  const t = await createTestApp({ config: { TSUNAGU_CLIENT_DIR: clientDir(), ...config } });
  const anonymous = new Agent(t.app, '192.0.2.11');
  await anonymous.fetchCsrf();
  const org = await createOrganisation(t.database.db);
  const user = await createUser(t.database.db, { organisationId: org });
  const passwordOnly = new Agent(t.app, '192.0.2.12');
  const step = await passwordOnly.post('/api/auth/sign-in', { email: user.email, password: TEST_PASSWORD });
  expect(step.json()).toMatchObject({ stage: 'totp' });
  return {
    t,
    routes: t.app.routeTable(),
    anonymous: callerOf('anonymous', anonymous),
    passwordOnly: callerOf('password only', passwordOnly),
    signedIn: await signIn(t.app, user, t.clock, '192.0.2.13'),
    otherSession: await signIn(t.app, user, t.clock, '192.0.2.14'),
  };
}

async function ask(w: World, method: string, url: string, caller: Caller): Promise<LightMyRequestResponse> {
  return w.t.app.inject({
    method: method as 'GET',
    url,
    remoteAddress: '192.0.2.99',
    headers: {
      cookie: caller.cookie,
      ...(caller.token ? { 'x-csrf-token': caller.token } : {}),
      ...(isSafe(method) ? {} : { 'content-type': 'application/json' }),
    },
    ...(isSafe(method) ? {} : { payload: '{"nonsense":true}' }),
  });
}

/** Asks for the route through every spelling; each answer must be a refusal. */
async function expectRefusedEverywhere(w: World, route: RegisteredRoute, caller: Caller): Promise<void> {
  for (const [spelling, url] of Object.entries(spellingsOf(pathOf(route)))) {
    const label = `${route.method} ${url} (${spelling}, ${caller.name})`;
    const response = await ask(w, route.method, url, caller);
    if (REACH_THE_ROUTE.has(spelling)) {
      expect(response.statusCode, label).toBe(401);
    } else {
      expect([401, 403, 404], label).toContain(response.statusCode);
      // A 404 comes from the not-found handler (no route matched), never from a handler that ran.
      if (response.statusCode === 404 && route.method !== 'HEAD') {
        expect(response.json<{ code: string }>().code, label).toBe('ROUTE_NOT_FOUND');
      }
    }
  }
}

let plain: World;
let bench: World;
/** Each route once, with the app it belongs to: all of the usual app's, and what bench routes add. */
let walked: { w: World; route: RegisteredRoute }[];

beforeAll(async () => {
  plain = await worldOf({});
  bench = await worldOf({ TSUNAGU_BENCH_ROUTES: '1' });
  const usual = new Set(plain.routes.map(key));
  walked = [
    ...plain.routes.map((route) => ({ w: plain, route })),
    ...bench.routes.filter((r) => !usual.has(key(r))).map((route) => ({ w: bench, route })),
  ];
});
afterAll(async () => {
  await plain?.t.close();
  await bench?.t.close();
});

describe('the route table', () => {
  it('holds every route: features, the API reference, static files, HEAD routes, bench routes when on', () => {
    const keys = new Set(plain.routes.map(key));
    for (const expected of [
      'GET /api/persons/:id',
      'POST /api/auth/sign-in',
      'HEAD /api/regions',
      'GET /api/docs',
      'GET /api/docs/',
      'GET /api/docs/json',
      'GET /api/openapi.json',
      'GET /assets/app-1234.js',
      'HEAD /index.html',
    ]) {
      expect(keys, expected).toContain(expected);
    }
    expect(plain.routes.length).toBeGreaterThan(200);
    expect(keys).not.toContain('GET /api/bench/json');
    const added = walked.filter(({ w }) => w === bench).map(({ route }) => key(route));
    expect(added.sort()).toEqual([
      'GET /api/bench/json',
      'GET /api/bench/pk/:id',
      'HEAD /api/bench/json',
      'HEAD /api/bench/pk/:id',
    ]);
  });

  it('makes public only the sign-in steps before a session, guest links, health, the client and (outside production) the API reference', () => {
    const isReference = (url: string) => url === '/api/openapi.json' || url.startsWith('/api/docs');
    const isClientFile = (url: string) => !url.startsWith('/api/');
    const publicApi = walked
      .map(({ route }) => route)
      .filter(
        (r) => r.auth === 'public' && r.method !== 'HEAD' && !isReference(r.url) && !isClientFile(r.url),
      )
      .map(key);
    expect(publicApi.sort()).toEqual([
      'GET /api/auth/csrf',
      'GET /api/bench/json',
      'GET /api/bench/pk/:id',
      'GET /api/guest/:token',
      'GET /api/health',
      'POST /api/auth/sign-in',
      'POST /api/guest/:token/open',
      'POST /api/guest/:token/reply',
    ]);
  });

  it('exempts from CSRF only the guest link’s changes, whose link and PIN are their own authority', () => {
    const exempt = walked.map(({ route }) => route).filter((r) => !isSafe(r.method) && !r.csrf);
    expect(exempt.map(key).sort()).toEqual(['POST /api/guest/:token/open', 'POST /api/guest/:token/reply']);
  });

  it('treats a route added without a level as signed-in, outside /api too', async () => {
    const app = await buildApp(plain.t.deps);
    app.get('/api/forgotten', async () => ({ secret: true }));
    app.post('/forgotten-outside-api', async () => ({ secret: true }));
    await app.ready();
    try {
      expect(app.routeTable()).toEqual(
        expect.arrayContaining([
          { method: 'GET', url: '/api/forgotten', auth: 'signed-in', csrf: false },
          { method: 'POST', url: '/forgotten-outside-api', auth: 'signed-in', csrf: true },
        ]),
      );
      for (const [method, url] of [
        ['GET', '/api/forgotten'],
        ['GET', '/%61pi/forgotten'],
        ['POST', '/forgotten-outside-api'],
      ] as const) {
        const response = await app.inject({ method, url });
        expect(response.statusCode, url).toBe(401);
        expect(response.body).not.toContain('secret');
      }
    } finally {
      await app.close();
    }
  });
});

describe('the route walk', () => {
  it('public routes never answer 5xx to an anonymous caller, whatever the parameters', async () => {
    const nonsense = () => `nonsense-${randomUUID().slice(0, 4)}`;
    for (const { w, route } of walked.filter(({ route }) => route.auth === 'public')) {
      for (const url of [pathOf(route, nonsense), `${pathOf(route)}?limit=-1&from=%00&x=%E3%81`]) {
        const response = await ask(w, route.method, url, w.anonymous);
        expect(response.statusCode, `${route.method} ${url}`).toBeLessThan(500);
      }
    }
  });

  it('partial routes answer 401 to an anonymous caller, through every spelling', async () => {
    const partial = walked.filter(({ route }) => route.auth === 'partial');
    expect(partial.length).toBeGreaterThan(5);
    for (const { w, route } of partial) await expectRefusedEverywhere(w, route, w.anonymous);
  });

  it('signed-in and password-change routes refuse anonymous and password-only callers, through every spelling', async () => {
    const guarded = walked.filter(
      ({ route }) => route.auth === 'signed-in' || route.auth === 'password-change',
    );
    expect(guarded.length).toBeGreaterThan(150);
    for (const { w, route } of guarded) {
      await expectRefusedEverywhere(w, route, w.anonymous);
      await expectRefusedEverywhere(w, route, w.passwordOnly);
    }
  });

  it('refuses every checked change from a signed-in session without its own token, and leaves the session be', async () => {
    const { signedIn, otherSession } = plain;
    const session: Caller = { name: 'signed in', cookie: signedIn.cookieHeader(), token: null };
    const tokens = {
      none: null,
      'another session’s': otherSession.csrfToken,
      'a pre-session': plain.anonymous.token,
      forged: `${signedIn.csrfToken!.split('-')[0]}-forged`,
    };
    const checked = walked.filter(({ route }) => route.csrf);
    expect(checked.length).toBeGreaterThan(80);
    for (const { w, route } of checked) {
      // The bench app's routes are walked with that app's own signed-in session.
      const cookie = w === plain ? session.cookie : w.signedIn.cookieHeader();
      for (const [which, token] of Object.entries(tokens)) {
        const response = await ask(w, route.method, pathOf(route), { ...session, cookie, token });
        expect(response.statusCode, `${key(route)} with ${which} token`).toBe(403);
        expect(response.json()).toMatchObject({ code: 'CSRF_INVALID' });
      }
    }
    // Sign-out was among the refused: the session still works, and its own token passes the check.
    expect((await signedIn.get('/api/auth/session')).statusCode).toBe(200);
    const own = await signedIn.put('/api/auth/session/organisation', { organisationId: randomUUID() });
    expect(own.statusCode).toBe(404);
  });

  it('a real server matches no route for a raw dot segment, and decides a decoded or absolute path by its route', async () => {
    const address = await plain.t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = new URL(address);
    const statusOf = (target: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), '127.0.0.1', () =>
          socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`),
        );
        let text = '';
        socket.on('data', (chunk) => (text += chunk.toString()));
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
      });
    const raw = await statusOf('/api/x/../regions');
    expect(raw).toMatch(/^HTTP\/1\.1 404/);
    expect(raw).toContain('ROUTE_NOT_FOUND');
    expect(await statusOf('/%61pi/regions')).toMatch(/^HTTP\/1\.1 401/);
    expect(await statusOf('http://elsewhere.example/api/regions')).toMatch(/^HTTP\/1\.1 401/);
  });
});
