import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestDnsServer } from '../../../test/dns-server.ts';
import { testConfig, testSecrets } from '../../../test/test-app.ts';
import { ConfigError, loadConfig } from '../../config.ts';
import { checkOutbound, requireOutbound, type OutboundPolicy } from './outbound-address.ts';

/**
 * Which addresses a webhook or a Web Push endpoint may reach: every notation of an internal
 * address is refused (production refuses loopback too), the allowlist opens a closed network's
 * gateway, and names are resolved once, through the DNS server the configuration names.
 */
const dns = new TestDnsServer();
let production: OutboundPolicy;
let development: OutboundPolicy;

beforeAll(async () => {
  await dns.start();
  production = testConfig({ NODE_ENV: 'production', TSUNAGU_DNS_SERVERS: dns.serverAddress }).outbound;
  development = testConfig({ TSUNAGU_DNS_SERVERS: dns.serverAddress }).outbound;
});

afterAll(async () => {
  await dns.stop();
});

describe('outbound addresses', () => {
  it('refuses, in production, every notation of a loopback, private, link-local or special address', async () => {
    const cases: [url: string, address: string, kind: string][] = [
      ['https://127.0.0.1/sms', '127.0.0.1', 'loopback'],
      ['https://[::1]/sms', '::1', 'loopback'],
      ['https://10.0.0.5/sms', '10.0.0.5', 'private'],
      ['https://172.16.3.4/sms', '172.16.3.4', 'private'],
      ['https://192.168.1.10/sms', '192.168.1.10', 'private'],
      ['https://169.254.169.254/latest/meta-data/', '169.254.169.254', 'linkLocal'],
      ['https://[fe80::1]/', 'fe80::1', 'linkLocal'],
      ['https://[fd00::1]/', 'fd00::1', 'uniqueLocal'],
      ['https://100.64.0.1/', '100.64.0.1', 'carrierGradeNat'],
      ['https://0.0.0.0/', '0.0.0.0', 'unspecified'],
      ['https://[::]/', '::', 'unspecified'],
      ['https://224.0.0.251/', '224.0.0.251', 'multicast'],
      ['https://[ff02::1]/', 'ff02::1', 'multicast'],
      ['https://[2001:db8::1]/', '2001:db8::1', 'reserved'],
      // IPv4-mapped IPv6 is the IPv4 address it carries.
      ['https://[::ffff:127.0.0.1]/', '::ffff:7f00:1', 'loopback'],
      ['https://[::ffff:169.254.169.254]/', '::ffff:a9fe:a9fe', 'linkLocal'],
      // Decimal, hexadecimal and octal IPv4, as the URL parser normalises them.
      ['https://2130706433/', '127.0.0.1', 'loopback'],
      ['https://0x7f.1/', '127.0.0.1', 'loopback'],
      ['https://0177.0.0.1/', '127.0.0.1', 'loopback'],
      ['https://0xa9fea9fe/', '169.254.169.254', 'linkLocal'],
    ];
    for (const [url, address, kind] of cases) {
      const checked = await checkOutbound(url, production);
      expect(checked, url).toEqual({
        ok: false,
        reason: 'internal_address',
        detail: `${address} is ${address} (${kind}), not in TSUNAGU_WEBHOOK_ALLOWLIST`,
      });
    }
    expect(dns.questions).toEqual([]);
  });

  it('passes a public address as the one to connect to, without asking DNS for a literal', async () => {
    expect(await checkOutbound('https://93.184.216.34:8443/sms', production)).toMatchObject({
      ok: true,
      host: '93.184.216.34',
      address: '93.184.216.34',
      family: 4,
    });
    expect(await checkOutbound('https://[2606:4700::1111]/push', production)).toMatchObject({
      ok: true,
      host: '2606:4700::1111',
      address: '2606:4700::1111',
      family: 6,
    });
    expect(dns.questions).toEqual([]);
  });

  it('refuses plain http in production (and for Web Push everywhere), and any other scheme', async () => {
    expect(await checkOutbound('http://93.184.216.34/sms', production)).toMatchObject({
      ok: false,
      reason: 'https_required',
    });
    expect(await checkOutbound('http://93.184.216.34/sms', development)).toMatchObject({ ok: true });
    expect(
      await checkOutbound('http://93.184.216.34/push', development, { requireHttps: true }),
    ).toMatchObject({ ok: false, reason: 'https_required' });
    expect(await checkOutbound('ftp://93.184.216.34/', development)).toMatchObject({
      ok: false,
      reason: 'scheme',
    });
    expect(await checkOutbound('not a url', development)).toMatchObject({ ok: false, reason: 'scheme' });
  });

  it('lets loopback through in development and tests, and nothing else internal', async () => {
    for (const url of ['http://127.0.0.1:3001/sms', 'http://[::1]/sms', 'http://[::ffff:127.0.0.1]/'])
      expect(await checkOutbound(url, development), url).toMatchObject({ ok: true });
    for (const url of ['http://10.0.0.5/', 'http://169.254.169.254/', 'http://[fe80::1]/'])
      expect(await checkOutbound(url, development), url).toMatchObject({
        ok: false,
        reason: 'internal_address',
      });
  });

  it('lets through what the allowlist names: a range, one address, or a host name whatever it resolves to', async () => {
    const listed = testConfig({
      NODE_ENV: 'production',
      TSUNAGU_DNS_SERVERS: dns.serverAddress,
      TSUNAGU_WEBHOOK_ALLOWLIST: '10.20.0.0/16, 192.168.1.7,[fd00:abcd::1], fd00:beef::/32 ,SMS-GW.corp.test',
    }).outbound;
    dns.answer('sms-gw.corp.test', ['10.99.0.1']);
    dns.answer('other.corp.test', ['10.99.0.1']);
    for (const url of [
      'https://10.20.3.4/',
      'https://192.168.1.7/',
      'https://[fd00:abcd::1]/',
      'https://[fd00:beef::5]/',
      'https://sms-gw.corp.test/sms',
    ])
      expect(await checkOutbound(url, listed), url).toMatchObject({ ok: true });
    expect(await checkOutbound('https://sms-gw.corp.test/sms', listed)).toMatchObject({
      address: '10.99.0.1',
    });
    for (const url of [
      'https://10.21.0.1/',
      'https://192.168.1.8/',
      'https://[fd00:abcd::2]/',
      'https://other.corp.test/',
      'https://127.0.0.1/',
    ])
      expect(await checkOutbound(url, listed), url).toMatchObject({ ok: false, reason: 'internal_address' });
  });

  it('resolves a name once through the configured DNS server; any internal answer refuses the name', async () => {
    dns.answer('public.test', ['93.184.216.34']);
    dns.answer('mixed.test', ['93.184.216.34', '10.0.0.5']);
    dns.answer('dual.test', ['2606:4700::1111', '93.184.216.34']);
    dns.answer('v6.test', ['2606:4700::1111']);
    dns.answer('inside-v6.test', ['fd00::1']);
    expect(await checkOutbound('https://public.test/sms', production)).toMatchObject({
      ok: true,
      host: 'public.test',
      address: '93.184.216.34',
    });
    expect(dns.asked('public.test', 'A')).toBe(1);
    expect(dns.asked('public.test', 'AAAA')).toBe(1);
    expect(await checkOutbound('https://mixed.test/sms', production)).toEqual({
      ok: false,
      reason: 'internal_address',
      detail: 'mixed.test is 10.0.0.5 (private), not in TSUNAGU_WEBHOOK_ALLOWLIST',
    });
    // Both families are asked; IPv4 is connected to when there is one.
    expect(await checkOutbound('https://dual.test/', production)).toMatchObject({
      address: '93.184.216.34',
      family: 4,
    });
    expect(await checkOutbound('https://v6.test/', production)).toMatchObject({
      address: '2606:4700::1111',
      family: 6,
    });
    expect(await checkOutbound('https://inside-v6.test/', production)).toMatchObject({
      ok: false,
      reason: 'internal_address',
    });
    expect(await checkOutbound('https://missing.test/', production)).toMatchObject({
      ok: false,
      reason: 'unresolvable',
    });
  });

  it('answers a refusal at registration with 400, the field, a code and a Japanese reason', async () => {
    await expect(requireOutbound('url', 'https://169.254.169.254/', production)).rejects.toMatchObject({
      status: 400,
      field: 'url',
      code: 'INTERNAL_ADDRESS',
      message: expect.stringContaining('許可リスト TSUNAGU_WEBHOOK_ALLOWLIST'),
    });
    await expect(requireOutbound('url', 'http://93.184.216.34/', production)).rejects.toMatchObject({
      status: 400,
      field: 'url',
      code: 'HTTPS_REQUIRED',
      message: expect.stringContaining('https://'),
    });
    await expect(requireOutbound('endpoint', 'https://missing.test/', production)).rejects.toMatchObject({
      status: 400,
      field: 'endpoint',
      code: 'UNRESOLVABLE_HOST',
    });
  });

  it('refuses to start on an allowlist entry or a DNS server it cannot read', () => {
    const load = (env: Record<string, string>) =>
      loadConfig({ ...testSecrets, NODE_ENV: 'production', TSUNAGU_CLIENT_DIR: '', ...env });
    for (const allowlist of ['10.0.0.0/33', 'gateway .test', 'https://gateway.test', '-bad.test'])
      expect(() => load({ TSUNAGU_WEBHOOK_ALLOWLIST: allowlist }), allowlist).toThrow(ConfigError);
    expect(() => load({ TSUNAGU_DNS_SERVERS: 'dns.example' })).toThrow(ConfigError);
    expect(load({ TSUNAGU_DNS_SERVERS: ' 192.0.2.53 , [2001:db8::53]:5353' }).outbound).toMatchObject({
      httpsOnly: true,
      allowLoopback: false,
      dnsServers: ['192.0.2.53', '[2001:db8::53]:5353'],
    });
    expect(load({}).outbound).toMatchObject({ dnsServers: null, allowlist: { hosts: [], ranges: [] } });
  });
});
