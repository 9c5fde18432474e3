import { afterEach, describe, expect, it } from 'vitest';
import { Agent } from '../../../test/agent.ts';
import { auditRows } from '../../../test/factories.ts';
import { createTestApp, testConfig, type TestApp } from '../../../test/test-app.ts';
import { ConfigError, parseTrustProxy } from '../../config.ts';
import { addressKey } from './client-address.ts';

let t: TestApp | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

async function appTrusting(trust?: string): Promise<TestApp> {
  await t?.close();
  t = await createTestApp(trust === undefined ? {} : { config: { TSUNAGU_TRUST_PROXY: trust } });
  return t;
}

/** A failed sign-in from `socket` carrying X-Forwarded-For; answers the status and the audited address. */
async function failedSignIn(app: TestApp, socket: string, forwardedFor: string) {
  const response = await new Agent(app.app, socket).request(
    'POST',
    '/api/auth/sign-in',
    { email: 'nobody@test.tsunagu.example', password: 'wrong-password-123' },
    { headers: { 'x-forwarded-for': forwardedFor } },
  );
  const rows = await auditRows(app.database.db, 'auth.sign_in');
  return { status: response.statusCode, ip: rows.at(-1)?.ip };
}

/** `count` requests to a secret-guessing route (refused by validation, after the per-address limit). */
async function guessingRequests(
  app: TestApp,
  socket: string,
  forwardedFor: (i: number) => string,
  count: number,
) {
  const agent = new Agent(app.app, socket);
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) {
    const response = await agent.request(
      'POST',
      '/api/auth/sign-in',
      { email: 'nobody@test.tsunagu.example' },
      { headers: { 'x-forwarded-for': forwardedFor(i) } },
    );
    statuses.push(response.statusCode);
  }
  return statuses;
}

describe('TSUNAGU_TRUST_PROXY', () => {
  it('takes the proxies’ addresses or ranges, or a hop count', () => {
    expect(parseTrustProxy(undefined)).toBe(false);
    expect(parseTrustProxy('')).toBe(false);
    expect(parseTrustProxy('false')).toBe(false);
    expect(parseTrustProxy('0')).toBe(false);
    expect(parseTrustProxy(' 10.0.0.0/8, 127.0.0.1 ')).toEqual(['10.0.0.0/8', '127.0.0.1']);
    expect(parseTrustProxy('2001:db8::/32,loopback')).toEqual(['2001:db8::/32', 'loopback']);
    expect(parseTrustProxy('1')).toBe(1);
    expect(parseTrustProxy('2')).toBe(2);
  });

  it('refuses true in every mode, saying in Japanese what to write instead, and refuses what it cannot read', () => {
    for (const value of ['true', 'TRUE', 'yes']) {
      expect(() => parseTrustProxy(value)).toThrow(ConfigError);
      expect(() => parseTrustProxy(value)).toThrow(/は使えません.*10\.0\.0\.0\/8.*段数/);
    }
    expect(() => testConfig({ TSUNAGU_TRUST_PROXY: 'true' })).toThrow(ConfigError);
    expect(() => testConfig({ NODE_ENV: 'production', TSUNAGU_TRUST_PROXY: 'true' })).toThrow(ConfigError);
    for (const value of ['10.0.0.300', '10.0.0.0/33', 'proxy.example', '10.0.0.1,', '11'])
      expect(() => parseTrustProxy(value), value).toThrow(ConfigError);
  });
});

describe('the client address', () => {
  it('without a trusted proxy, ignores X-Forwarded-For: rotating it from one socket counts as one address', async () => {
    const app = await appTrusting();
    const seen = [];
    for (let i = 1; i <= 6; i++) seen.push(await failedSignIn(app, '192.0.2.10', `203.0.113.${i}`));
    expect(seen.map((s) => s.status)).toEqual([401, 401, 401, 401, 401, 429]);
    expect(new Set(seen.map((s) => s.ip))).toEqual(new Set(['192.0.2.10']));

    const limited = await guessingRequests(app, '192.0.2.11', (i) => `198.51.100.${i}`, 31);
    expect(limited.slice(0, 30).every((status) => status === 400)).toBe(true);
    expect(limited[30]).toBe(429);
  });

  it('trusts X-Forwarded-For from a listed proxy only: each forwarded client is its own address', async () => {
    const app = await appTrusting('127.0.0.1');
    const seen = [];
    for (let i = 1; i <= 6; i++) seen.push(await failedSignIn(app, '127.0.0.1', `203.0.113.${i}`));
    expect(seen.map((s) => s.status)).toEqual([401, 401, 401, 401, 401, 401]);
    expect(seen.map((s) => s.ip)).toEqual([1, 2, 3, 4, 5, 6].map((i) => `203.0.113.${i}`));
    const notLimited = await guessingRequests(app, '127.0.0.1', (i) => `198.51.100.${i}`, 31);
    expect(notLimited.every((status) => status === 400)).toBe(true);

    // A sender that is not the proxy writes X-Forwarded-For in vain.
    expect((await failedSignIn(app, '192.0.2.10', '203.0.113.50')).ip).toBe('192.0.2.10');
  });

  it('with a hop count of 1, takes only the last hop’s word', async () => {
    const app = await appTrusting('1');
    expect((await failedSignIn(app, '10.1.2.3', '198.51.100.99, 203.0.113.9')).ip).toBe('203.0.113.9');
  });

  it('is always an IP address: text a client wrote never becomes the audited address', async () => {
    const app = await appTrusting('127.0.0.1');
    expect((await failedSignIn(app, '127.0.0.1', '<script>alert(1)</script>')).ip).toBe('127.0.0.1');
    expect((await failedSignIn(app, '127.0.0.1', 'not-an-address, 203.0.113.9')).ip).toBe('203.0.113.9');
    expect((await failedSignIn(app, '127.0.0.1', '203.0.113.9, not-an-address')).ip).toBe('127.0.0.1');
    const hops = await appTrusting('2');
    expect((await failedSignIn(hops, '10.1.2.3', 'junk, 203.0.113.10')).ip).toBe('203.0.113.10');
  });

  it('is counted by its /64 for IPv6, and as IPv4 when written as IPv6', () => {
    expect(addressKey('2001:db8:7:1:aaaa::1')).toBe(addressKey('2001:db8:7:1:bbbb::2'));
    expect(addressKey('2001:db8:7:1::1')).not.toBe(addressKey('2001:db8:7:2::1'));
    expect(addressKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(addressKey('192.0.2.1')).toBe('192.0.2.1');
  });
});
