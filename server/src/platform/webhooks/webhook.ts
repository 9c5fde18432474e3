import { createHmac, timingSafeEqual } from 'node:crypto';
import type { OutboundPolicy } from '../net/outbound-address.ts';
import { postOutbound, type OutboundAttempt } from '../net/outbound-http.ts';

/**
 * Outbound webhooks for SMS and voice gateways. The receiver checks three headers:
 * - `x-tsunagu-delivery`: the delivery's stable id, the same on every retry (drop a repeat);
 * - `x-tsunagu-timestamp`: seconds since the epoch when this attempt was signed;
 * - `x-tsunagu-signature`: `sha256=` + hex HMAC-SHA256 of `<timestamp>.<body>` with the shared secret.
 */
export const WEBHOOK_HEADERS = {
  delivery: 'x-tsunagu-delivery',
  timestamp: 'x-tsunagu-timestamp',
  signature: 'x-tsunagu-signature',
} as const;

export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a receiver does: the signature matches and the timestamp is recent (replays are refused). */
export function verifyWebhook(
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  body: string,
  now: Date,
  toleranceSeconds = 300,
): boolean {
  const header = (name: string) => {
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const timestamp = header(WEBHOOK_HEADERS.timestamp);
  const signature = header(WEBHOOK_HEADERS.signature);
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * One signed POST to the address the policy checked at this attempt (outbound-http.ts). Any 2xx
 * is success; anything else (a refused address, a 3xx, no answer in time, the caller's signal
 * aborting) is for a retry.
 */
export async function postWebhook(
  url: string,
  secret: string,
  deliveryId: string,
  payload: Record<string, unknown>,
  now: Date,
  policy: OutboundPolicy,
  options: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<OutboundAttempt> {
  const body = JSON.stringify(payload);
  const timestamp = String(Math.floor(now.getTime() / 1000));
  return postOutbound(url, policy, {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': 'tsunagu-webhook/1',
      [WEBHOOK_HEADERS.delivery]: deliveryId,
      [WEBHOOK_HEADERS.timestamp]: timestamp,
      [WEBHOOK_HEADERS.signature]: signWebhook(secret, timestamp, body),
    },
    body,
    timeoutMs: options.timeoutMs ?? 10_000,
    ...(options.signal ? { signal: options.signal } : {}),
  });
}
