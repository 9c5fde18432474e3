import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestDnsServer } from '../../../test/dns-server.ts';
import { ConnectionSpy, HttpReceiver } from '../../../test/http-receiver.ts';
import { testConfig } from '../../../test/test-app.ts';
import type { OutboundPolicy } from './outbound-address.ts';
import { postOutbound } from './outbound-http.ts';

/**
 * The connection goes to the address the check resolved, and nowhere else: a gateway on a closed
 * network (127.0.0.2, listed) is reached under its name, and once DNS answers an unlisted address
 * (127.0.0.3) nothing connects there. 127.0.0.0/8 is all this machine's loopback.
 */
const dns = new TestDnsServer();
const gateway = new HttpReceiver();
const elsewhere = new ConnectionSpy();
let production: OutboundPolicy;
let development: OutboundPolicy;
let url: string;

const send = (policy: OutboundPolicy, to = url) =>
  postOutbound(to, policy, {
    headers: { 'content-type': 'application/json' },
    body: '{"event":"test"}',
    timeoutMs: 5_000,
  });

beforeAll(async () => {
  await dns.start();
  await gateway.start({ https: true, host: '127.0.0.2' });
  await elsewhere.start('127.0.0.3', gateway.port);
  url = `https://gateway.test:${gateway.port}/sms`;
  production = testConfig({
    NODE_ENV: 'production',
    TSUNAGU_DNS_SERVERS: dns.serverAddress,
    TSUNAGU_WEBHOOK_ALLOWLIST: '127.0.0.2',
  }).outbound;
  development = testConfig({ TSUNAGU_DNS_SERVERS: dns.serverAddress }).outbound;
});

afterAll(async () => {
  await gateway.stop();
  await elsewhere.stop();
  await dns.stop();
});

describe('outbound HTTP', () => {
  it('connects to the checked address under the URL’s name: TLS and Host carry the name, DNS is asked once', async () => {
    dns.answer('gateway.test', ['127.0.0.2']);
    const asked = dns.asked('gateway.test');
    expect(await send(production)).toEqual({ status: 201, error: null, refused: false });
    expect(gateway.received).toHaveLength(1);
    expect(gateway.received[0]).toMatchObject({
      path: '/sms',
      servername: 'gateway.test',
      headers: { host: `gateway.test:${gateway.port}` },
    });
    expect(gateway.received[0]!.body.toString()).toBe('{"event":"test"}');
    // The system resolver knows no gateway.test: the socket used the checked address.
    expect(dns.asked('gateway.test')).toBe(asked + 1);
  });

  it('refuses, without connecting, once the name answers an address the allowlist does not hold', async () => {
    dns.answer('gateway.test', ['127.0.0.3']);
    expect(await send(production)).toEqual({
      status: null,
      error: 'not sent: gateway.test is 127.0.0.3 (loopback), not in TSUNAGU_WEBHOOK_ALLOWLIST',
      refused: true,
    });
    expect(elsewhere.connections).toBe(0);
    expect(gateway.received).toHaveLength(1);
  });

  it('follows the answer of its one resolution: where loopback passes, 127.0.0.3 is what it connects to', async () => {
    // The listener that the refusal above left alone does see a connection when one is allowed.
    dns.answer('gateway.test', ['127.0.0.3']);
    const attempt = await send(development);
    expect(attempt).toMatchObject({ status: null, refused: false });
    expect(attempt.error).not.toBeNull();
    expect(elsewhere.connections).toBe(1);
    expect(gateway.received).toHaveLength(1);
  });

  it('does not follow a redirect: a 3xx is a failed attempt and its target hears nothing', async () => {
    const target = new HttpReceiver();
    await target.start();
    const redirecting: Server = createServer((_req, res) =>
      res.writeHead(302, { location: `${target.url}/internal` }).end(),
    );
    await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', resolve));
    try {
      const port = (redirecting.address() as AddressInfo).port;
      expect(await send(development, `http://127.0.0.1:${port}/sms`)).toEqual({
        status: 302,
        error: 'HTTP 302',
        refused: false,
      });
      expect(target.received).toEqual([]);
    } finally {
      await new Promise<void>((resolve) => redirecting.close(() => resolve()));
      await target.stop();
    }
  });
});
