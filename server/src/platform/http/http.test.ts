import Fastify from 'fastify';
import { randomBytes } from 'node:crypto';
import https from 'node:https';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import type { Agent } from '../../../test/agent.ts';
import { createOrganisation, createUser, signIn } from '../../../test/factories.ts';
import { createTestApp, testConfig, type TestApp } from '../../../test/test-app.ts';
import { installSecurityHeaders } from './security.ts';

let t: TestApp;
let admin: Agent;

beforeEach(async () => {
  t = await createTestApp();
  const org = await createOrganisation(t.database.db);
  admin = await signIn(
    t.app,
    await createUser(t.database.db, { organisationId: org, isSystemAdmin: true }),
    t.clock,
  );
});
afterEach(async () => t.close());

describe('HTTP boundary', () => {
  it('answers malformed JSON with 400 MALFORMED_JSON', async () => {
    const response = await admin.request('POST', '/api/regions', '{"level": "prefecture", "name": ');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'MALFORMED_JSON' });
  });

  it('answers an unsupported content type with 415', async () => {
    const response = await admin.request('POST', '/api/regions', undefined, {
      payload: 'level=prefecture',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: admin.cookieHeader(),
        'x-csrf-token': admin.csrfToken!,
      },
    });
    expect(response.statusCode).toBe(415);
    expect(response.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('answers a body over the limit with 413', async () => {
    const response = await admin.post('/api/regions', {
      level: 'prefecture',
      name: 'x'.repeat(2 * 1024 * 1024),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ code: 'BODY_TOO_LARGE' });
  });

  it('names the field for wrong types, oversize strings and unknown fields, in Japanese', async () => {
    const wrongType = await admin.post('/api/regions', { level: 'prefecture', name: 123 });
    expect(wrongType.json()).toEqual({
      code: 'VALIDATION_FAILED',
      field: 'name',
      message: '「名称」(name)の型が正しくありません（文字列で指定してください）。',
    });
    const tooLong = await admin.post('/api/regions', { level: 'prefecture', name: '県'.repeat(101) });
    expect(tooLong.json()).toEqual({
      code: 'VALIDATION_FAILED',
      field: 'name',
      message: '「名称」(name)は100文字以内で入力してください。',
    });
    const unknown = await admin.post('/api/regions', { level: 'prefecture', name: '県', colour: 'red' });
    expect(unknown.json()).toEqual({
      code: 'VALIDATION_FAILED',
      field: 'colour',
      message: '「colour」は受け付けられない項目です。',
    });
    const missing = await admin.post('/api/regions', { level: 'prefecture' });
    expect(missing.json()).toEqual({
      code: 'VALIDATION_FAILED',
      field: 'name',
      message: '「名称」(name)は必須です。',
    });
    const numericString = await admin.post('/api/organisations', {
      name: 'x',
      kana: 'x',
      sector: 'welfare',
      kind: 'other',
      regionIds: [],
      businessHours: [{ weekday: '1', opensAt: '09:00', closesAt: '10:00' }],
    });
    expect(numericString.json()).toMatchObject({ field: 'businessHours.0.weekday' });
    const badQuery = await admin.get('/api/organisations?limit=100000');
    expect(badQuery.json()).toMatchObject({ code: 'VALIDATION_FAILED', field: 'limit' });
    expect(badQuery.json().message).toContain('（検索条件）');
    const notObject = await admin.request('POST', '/api/regions', '[1,2,3]');
    expect(notObject.statusCode).toBe(400);
  });

  it('refuses NUL, control characters and lone surrogates anywhere in a body or a query, naming the field', async () => {
    const nul = await admin.post('/api/regions', { level: 'prefecture', name: '架空県\u0000' });
    expect(nul.statusCode).toBe(400);
    expect(nul.json()).toEqual({
      code: 'VALIDATION_FAILED',
      field: 'name',
      message: '「名称」(name)に使用できない文字（制御文字など）が含まれています。',
    });
    const escape = await admin.post('/api/regions', { level: 'prefecture', name: '\u001b[2J架空県' });
    expect(escape.json()).toMatchObject({ code: 'VALIDATION_FAILED', field: 'name' });
    const nested = await admin.post('/api/organisations', {
      name: '架空クリニック',
      kana: 'かくうくりにっく',
      sector: 'medical',
      kind: 'other',
      regionIds: [],
      businessHours: [],
      address: 'x\uDBFF',
    });
    expect(nested.json()).toMatchObject({ code: 'VALIDATION_FAILED', field: 'address' });
    const query = await admin.get('/api/staff?q=%1B');
    expect(query.json()).toMatchObject({ code: 'VALIDATION_FAILED', field: 'q' });
    expect(query.json().message).toContain('（検索条件）');
    expect((await admin.get('/api/staff?q=%00')).json()).toMatchObject({ field: 'q' });
    expect(await t.database.db.selectFrom('regions').select('id').execute()).toEqual([]);
  });

  it('refuses whitespace-only text where text is required, and keeps tabs and line breaks inside text', async () => {
    const blank = await admin.post('/api/regions', { level: 'prefecture', name: ' \u3000\t\r\n' });
    expect(blank.json()).toEqual({
      code: 'VALIDATION_FAILED',
      field: 'name',
      message: '「名称」(name)は空白だけでは入力できません。',
    });
    const lines = await admin.post('/api/regions', { level: 'prefecture', name: '架空県\t(本庁)\r\n' });
    expect(lines.statusCode).toBe(201);
  });

  it('answers text that reached PostgreSQL around the validators with 400, not 500', async () => {
    const app = await buildApp(t.deps);
    // Schema-less routes: the only way left for a NUL to reach the database.
    app.get<{ Querystring: { v: string } }>('/api/raw-text', { config: { auth: 'public' } }, (request) =>
      t.database.db.selectNoFrom(sql<string>`${request.query.v}::text`.as('v')).execute(),
    );
    app.get<{ Querystring: { v: string } }>('/api/raw-json', { config: { auth: 'public' } }, (request) =>
      t.database.db.selectNoFrom(sql<string>`${JSON.stringify(request.query.v)}::jsonb`.as('v')).execute(),
    );
    await app.ready();
    try {
      for (const url of ['/api/raw-text?v=a%00b', '/api/raw-json?v=a%00b']) {
        const response = await app.inject({ method: 'GET', url });
        expect(response.statusCode, url).toBe(400);
        expect(response.json()).toEqual({
          code: 'INVALID_INPUT',
          message: '使用できない文字（制御文字など）が含まれています。',
        });
      }
    } finally {
      await app.close();
    }
  });

  it('answers what the router refuses (a bad escape, an over-long parameter) in Japanese, without echoing the path', async () => {
    const escape = await admin.get('/api/guest/%E0%A4%A');
    expect(escape.statusCode).toBe(400);
    expect(escape.json()).toEqual({ code: 'MALFORMED_URL', message: 'URLの形式が正しくありません。' });
    const token = 'a'.repeat(150);
    const long = await admin.get(`/api/guest/${token}`);
    expect(long.statusCode).toBe(414);
    expect(long.json()).toEqual({ code: 'URL_TOO_LONG', message: 'URLが長すぎます。' });
    expect(long.body).not.toContain(token);
  });

  it('answers unknown API routes with a JSON 404', async () => {
    const response = await admin.get('/api/nothing-here');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND' });
  });

  it('sends security headers, and HSTS only for requests that arrived over https', async () => {
    const plain = await admin.get('/api/health');
    expect(plain.headers['content-security-policy']).toContain("default-src 'self'");
    expect(plain.headers['content-security-policy']).toContain("script-src 'self'");
    expect(plain.headers['x-content-type-options']).toBe('nosniff');
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    expect(plain.headers['x-powered-by']).toBeUndefined();

    const proxied = await createTestApp({ config: { TSUNAGU_TRUST_PROXY: '127.0.0.1' } });
    try {
      const viaProxy = (remoteAddress: string, proto: string) =>
        proxied.app.inject({
          method: 'GET',
          url: '/api/health',
          remoteAddress,
          headers: { 'x-forwarded-proto': proto },
        });
      expect((await viaProxy('127.0.0.1', 'https')).headers['strict-transport-security']).toBe(
        'max-age=31536000; includeSubDomains',
      );
      expect((await viaProxy('127.0.0.1', 'http')).headers['strict-transport-security']).toBeUndefined();
      // Only the trusted proxy's word counts: a client claiming https over plain http gets none.
      expect((await viaProxy('192.0.2.10', 'https')).headers['strict-transport-security']).toBeUndefined();
    } finally {
      await proxied.close();
    }
  });

  it('sends HSTS over a direct TLS connection', async () => {
    // TLS with a pre-shared key: a real encrypted socket without a certificate to generate.
    const tls = { pskCallback: () => psk, ciphers: 'PSK-AES128-GCM-SHA256', maxVersion: 'TLSv1.2' as const };
    const psk = randomBytes(32);
    const server = Fastify({ https: tls });
    await installSecurityHeaders(server);
    server.get('/', async () => ({ ok: true }));
    await server.listen({ host: '127.0.0.1', port: 0 });
    try {
      const address = server.server.address();
      if (address === null || typeof address === 'string') throw new Error('not listening on a port');
      const agent = new https.Agent({
        ...tls,
        pskCallback: () => ({ psk, identity: 'test' }),
        checkServerIdentity: () => undefined,
      });
      const hsts = await new Promise<string | undefined>((resolve, reject) => {
        https
          .get({ host: '127.0.0.1', port: address.port, path: '/', agent }, (response) => {
            response.resume();
            resolve(response.headers['strict-transport-security']);
          })
          .on('error', reject);
      });
      expect(hsts).toBe('max-age=31536000; includeSubDomains');
      agent.destroy();
    } finally {
      await server.close();
    }
  });

  it('describes the API as OpenAPI 3 generated from the route schemas, with a browsable reference', async () => {
    const doc = await admin.get('/api/openapi.json');
    expect(doc.statusCode).toBe(200);
    const spec = doc.json();
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/api/auth/sign-in',
        '/api/staff',
        '/api/organisations/{id}',
        '/api/audit-events',
      ]),
    );
    expect(
      spec.paths['/api/staff'].post.requestBody.content['application/json'].schema.properties.email.format,
    ).toBe('email');
    expect(spec.paths['/api/staff'].post.responses['409']).toBeDefined();
    const docs = await admin.get('/api/docs/');
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toContain('text/html');
  });

  it('serves the API reference to anyone outside production, and only to signed-in users in production', async () => {
    const reference = [
      '/api/openapi.json',
      '/api/docs/',
      '/api/docs',
      '/api/docs/json',
      '/api/docs/static/index.html',
    ];
    for (const url of reference) {
      expect((await t.app.inject({ method: 'GET', url })).statusCode, url).toBeLessThan(400);
    }
    const production = await buildApp({ ...t.deps, config: testConfig({ NODE_ENV: 'production' }) });
    await production.ready();
    try {
      for (const url of reference) {
        const anonymous = await production.inject({ method: 'GET', url });
        expect(anonymous.statusCode, url).toBe(401);
        expect(anonymous.body).not.toContain('/api/persons');
      }
      const user = await createUser(t.database.db, {
        organisationId: await createOrganisation(t.database.db),
      });
      const staff = await signIn(production, user, t.clock);
      expect((await staff.get('/api/openapi.json')).json().paths).toHaveProperty(['/api/persons/{id}']);
      expect((await staff.get('/api/docs/')).statusCode).toBe(200);
    } finally {
      await production.close();
    }
  });

  it('serves the web client’s files to anyone, index.html for client routes, JSON 404 for unknown API paths', async () => {
    const clientDir = mkdtempSync(path.join(tmpdir(), 'tsunagu-client-'));
    mkdirSync(path.join(clientDir, 'assets'));
    writeFileSync(
      path.join(clientDir, 'index.html'),
      '<!doctype html><html lang="ja"><title>つなぐ</title></html>',
    );
    const script = 'console.log("つなぐ");'.repeat(50);
    writeFileSync(path.join(clientDir, 'assets', 'app-1234.js'), script);
    // As the client build writes them: the same file compressed, beside it.
    writeFileSync(path.join(clientDir, 'assets', 'app-1234.js.br'), brotliCompressSync(script));
    writeFileSync(path.join(clientDir, 'assets', 'app-1234.js.gz'), gzipSync(script));
    const withClient = await createTestApp({ config: { TSUNAGU_CLIENT_DIR: clientDir } });
    try {
      const asset = await withClient.app.inject({ method: 'GET', url: '/assets/app-1234.js' });
      expect(asset.statusCode).toBe(200);
      expect(asset.headers['cache-control']).toContain('immutable');
      expect(asset.headers['content-encoding']).toBeUndefined();
      expect(asset.body).toBe(script);
      for (const [accept, encoding, decode] of [
        ['br, gzip', 'br', brotliDecompressSync],
        ['gzip', 'gzip', gunzipSync],
      ] as const) {
        const compressed = await withClient.app.inject({
          method: 'GET',
          url: '/assets/app-1234.js',
          headers: { 'accept-encoding': accept },
        });
        expect(compressed.headers['content-encoding'], accept).toBe(encoding);
        expect(compressed.headers['content-type']).toContain('javascript');
        expect(compressed.headers['cache-control']).toContain('immutable');
        expect(decode(compressed.rawPayload).toString()).toBe(script);
      }
      const head = await withClient.app.inject({ method: 'HEAD', url: '/persons/123' });
      expect(head.statusCode).toBe(200);
      expect(head.headers['content-type']).toContain('text/html');
      const route = await withClient.app.inject({ method: 'GET', url: '/persons/123' });
      expect(route.statusCode).toBe(200);
      expect(route.body).toContain('つなぐ');
      expect(route.headers['cache-control']).toBe('no-cache');
      // However an unknown API path is spelled, it is answered as one, never with the client shell.
      for (const url of [
        '/api/nothing',
        '/%61pi/nothing',
        '/API/nothing',
        '//api/nothing',
        '/x/../api/nothing',
        '/api',
      ]) {
        const unknown = await withClient.app.inject({ method: 'GET', url });
        expect(unknown.statusCode, url).toBe(404);
        expect(unknown.json(), url).toMatchObject({ code: 'ROUTE_NOT_FOUND' });
      }
      expect((await withClient.app.inject({ method: 'GET', url: '/api/persons' })).statusCode).toBe(401);
      expect((await withClient.app.inject({ method: 'GET', url: '/api/docs/' })).statusCode).toBe(200);
    } finally {
      await withClient.close();
    }
  });

  it('serves the app shell’s service worker and manifest as the browser needs them, checked for changes on every load', async () => {
    const clientDir = mkdtempSync(path.join(tmpdir(), 'tsunagu-client-'));
    mkdirSync(path.join(clientDir, 'icons'));
    writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><title>つなぐ</title>');
    writeFileSync(path.join(clientDir, 'sw.js'), "'use strict';");
    writeFileSync(path.join(clientDir, 'manifest.webmanifest'), '{"name":"つなぐ"}');
    writeFileSync(path.join(clientDir, 'icons', 'icon-192.png'), Buffer.from('89504e470d0a1a0a', 'hex'));
    const withClient = await createTestApp({ config: { TSUNAGU_CLIENT_DIR: clientDir } });
    try {
      const worker = await withClient.app.inject({ method: 'GET', url: '/sw.js' });
      expect(worker.statusCode).toBe(200);
      expect(worker.headers['content-type']).toContain('javascript');
      // A new release's worker must be seen at once: never the year-long cache of hashed assets.
      expect(worker.headers['cache-control']).toBe('no-cache');
      const manifest = await withClient.app.inject({ method: 'GET', url: '/manifest.webmanifest' });
      expect(manifest.statusCode).toBe(200);
      expect(manifest.headers['content-type']).toContain('application/manifest+json');
      expect(manifest.headers['cache-control']).toBe('no-cache');
      const icon = await withClient.app.inject({ method: 'GET', url: '/icons/icon-192.png' });
      expect(icon.headers['content-type']).toBe('image/png');
      // A missing shell file is a plain 404, never the HTML shell under a script's name.
      expect((await withClient.app.inject({ method: 'GET', url: '/icons/none.png' })).statusCode).toBe(404);
    } finally {
      await withClient.close();
    }
  });

  it('answers an unexpected failure with 500, a request id and no stack trace', async () => {
    const app = await buildApp({
      ...t.deps,
      config: testConfig({
        NODE_ENV: 'production',
        TSUNAGU_SESSION_SECRET: 'x'.repeat(40),
        TSUNAGU_AUDIT_KEY: Buffer.alloc(32, 1).toString('base64url'),
        TSUNAGU_ENCRYPTION_KEY: Buffer.alloc(32, 2).toString('base64url'),
      }),
    });
    app.get('/api/explode', { config: { auth: 'public' } }, async () => {
      throw new Error('secret internals at /work/main/server/src');
    });
    await app.ready();
    try {
      const response = await app.inject({ method: 'GET', url: '/api/explode' });
      expect(response.statusCode).toBe(500);
      const body = response.json();
      expect(body).toEqual({
        code: 'INTERNAL',
        message: 'サーバー内部でエラーが発生しました。',
        requestId: expect.any(String),
      });
      expect(response.body).not.toContain('secret internals');
      expect(response.body).not.toContain('/work/main');
    } finally {
      await app.close();
    }
  });
});
