import webPush, { type RequestDetails } from 'web-push';
import type { OutboundPolicy } from '../net/outbound-address.ts';
import { postOutbound } from '../net/outbound-http.ts';

export interface PushTarget {
  endpoint: string;
  p256dh: string;
  auth: string;
}

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  subject: string;
}

/** What a push carries: never personal data, only that there is something and where to look. */
export interface PushPayload {
  title: string;
  body: string;
  url: string;
  tag: string;
  /** The step's stable id: a client shows one notification per id. */
  id: string;
}

export type PushOutcome = 'sent' | 'gone' | 'failed';

export function generateVapidKeys(): { publicKey: string; privateKey: string } {
  return webPush.generateVAPIDKeys();
}

/**
 * Sends one Web Push message (VAPID, aes128gcm): the maintained `web-push` library builds the
 * request, and outbound-http.ts sends it to the endpoint's checked address (https always: the
 * endpoint is a URL a browser, that is a client, chose).
 */
export async function sendPush(
  vapid: VapidKeys,
  target: PushTarget,
  payload: PushPayload,
  ttlSeconds: number,
  policy: OutboundPolicy,
  /** The sending job's signal: the request stops when its time is up. */
  signal?: AbortSignal,
): Promise<{ outcome: PushOutcome; status: number | null; error: string | null }> {
  let request: RequestDetails;
  try {
    request = webPush.generateRequestDetails(
      { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
      JSON.stringify(payload),
      {
        vapidDetails: vapid,
        TTL: ttlSeconds,
        urgency: 'high',
        topic: payload.tag.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 32),
      },
    );
  } catch (error) {
    return {
      outcome: 'failed',
      status: null,
      error: error instanceof Error ? error.message : 'unknown error',
    };
  }
  const sent = await postOutbound(request.endpoint, policy, {
    // web-push gives Content-Length as a number.
    headers: Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)])),
    body: request.body ?? Buffer.alloc(0),
    timeoutMs: 10_000,
    requireHttps: true,
    ...(signal ? { signal } : {}),
  });
  if (sent.error === null) return { outcome: 'sent', status: sent.status, error: null };
  // 404/410: the browser dropped the subscription; it will never work again.
  if (sent.status === 404 || sent.status === 410)
    return { outcome: 'gone', status: sent.status, error: null };
  return { outcome: 'failed', status: sent.status, error: sent.error };
}
