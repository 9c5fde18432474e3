import type { FastifyInstance } from 'fastify';
import { Address6 } from 'ip-address';
import { isIP, isIPv6 } from 'node:net';

/**
 * Whom Fastify believes about the client's address and protocol (X-Forwarded-For/-Proto):
 * nobody (false), the reverse proxies at these addresses or ranges, or the last `hops` senders.
 */
export type TrustProxy = false | string[] | number;

/**
 * Fastify's trustProxy for the setting. A hop count becomes a function because Fastify 5.12
 * refuses a bare number (it trusts the socket's peer blindly); README says when a count is safe.
 */
export function trustProxyOption(
  trust: TrustProxy,
): false | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust !== 'number') return trust;
  return (_address, hop) => hop < trust;
}

/**
 * Cuts X-Forwarded-For back to the well-formed addresses nearest this server, so that
 * `request.ip` (the audited address, the throttles' key) is always an IP address: text a client
 * wrote ahead of them can never become it. Installed only when some proxy is trusted; without
 * one Fastify ignores the header.
 */
export function installForwardedForGuard(app: FastifyInstance, trust: TrustProxy): void {
  if (trust === false) return;
  app.addHook('onRequest', async (request) => {
    const header = request.raw.headers['x-forwarded-for'];
    if (typeof header !== 'string') return;
    const entries = header.split(',').map((entry) => entry.trim());
    let first = entries.length;
    while (first > 0 && isIP(entries[first - 1] ?? '') !== 0) first--;
    if (first === 0) return;
    const kept = entries.slice(first);
    if (kept.length > 0) request.raw.headers['x-forwarded-for'] = kept.join(', ');
    else delete request.raw.headers['x-forwarded-for'];
  });
}

/**
 * The key a client address is counted under: an IPv4 address as itself (also when written as
 * IPv6), an IPv6 address by its /64, which one subscriber usually holds whole (as
 * @fastify/rate-limit counts it).
 */
export function addressKey(ip: string): string {
  if (!isIPv6(ip)) return ip;
  const address = new Address6(ip);
  if (address.isMapped4()) return address.to4().correctForm();
  return new Address6(`${ip}/64`).startAddress().correctForm();
}
