import webPush from 'web-push';

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

/** Sends one Web Push message (VAPID, aes128gcm) through the maintained `web-push` library. */
export async function sendPush(
  vapid: VapidKeys,
  target: PushTarget,
  payload: PushPayload,
  ttlSeconds: number,
): Promise<{ outcome: PushOutcome; status: number | null; error: string | null }> {
  try {
    const result = await webPush.sendNotification(
      { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
      JSON.stringify(payload),
      {
        vapidDetails: vapid,
        TTL: ttlSeconds,
        urgency: 'high',
        topic: payload.tag.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 32),
        timeout: 10_000,
      },
    );
    return { outcome: 'sent', status: result.statusCode, error: null };
  } catch (error) {
    const status = (error as { statusCode?: number }).statusCode ?? null;
    // 404/410: the browser dropped the subscription; it will never work again.
    if (status === 404 || status === 410) return { outcome: 'gone', status, error: null };
    return {
      outcome: 'failed',
      status,
      error: error instanceof Error ? error.message.slice(0, 300) : 'unknown error',
    };
  }
}
