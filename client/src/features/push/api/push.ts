import type { TestPushResult } from '@tsunagu/contract';
import { api } from '../../../lib/api-client.ts';

/** The server's VAPID public key, or null when this installation sends no push. */
export async function fetchPushKey(): Promise<string | null> {
  return (await api.get<{ publicKey: string | null }>('/api/push/key')).publicKey;
}

/** Registers this browser's subscription for the signed-in user. */
export function saveSubscription(subscription: PushSubscriptionJSON): Promise<{ ok: true }> {
  return api.post<{ ok: true }>('/api/push/subscriptions', {
    endpoint: subscription.endpoint,
    keys: subscription.keys,
  });
}

/** Forgets this browser's subscription. */
export function removeSubscription(endpoint: string): Promise<{ ok: true }> {
  return api.post<{ ok: true }>('/api/push/subscriptions/remove', { endpoint });
}

/** Sends a test push to this browser's subscription; says what the push service answered. */
export function sendTestPush(endpoint: string): Promise<TestPushResult> {
  return api.post<TestPushResult>('/api/push/test', { endpoint });
}
