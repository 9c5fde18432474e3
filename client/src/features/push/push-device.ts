import { appShellRegistration, canRunServiceWorker } from '../../lib/app-shell.ts';
import { fetchPushKey, removeSubscription, saveSubscription } from './api/push.ts';

/**
 * What this browser can do about push, as the toggle shows it: 'unsupported' (no service worker
 * or Push API, e.g. an iPhone's Safari outside a home-screen app), 'denied' (notifications
 * blocked in the browser's settings), 'unavailable' (the server sends no push), 'off', 'on'.
 */
export type PushState = 'unsupported' | 'denied' | 'unavailable' | 'off' | 'on';

function isSupported(): boolean {
  return canRunServiceWorker() && 'PushManager' in window && 'Notification' in window;
}

/** The VAPID key as the Push API wants it (URL-safe base64 → bytes). */
function keyBytes(base64: string): Uint8Array<ArrayBuffer> {
  const padded = (base64 + '='.repeat((4 - (base64.length % 4)) % 4)).replace(/-/g, '+').replace(/_/g, '/');
  const raw = window.atob(padded);
  const bytes = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

async function currentSubscription(): Promise<PushSubscription | null> {
  const existing = await navigator.serviceWorker.getRegistration('/');
  return existing ? existing.pushManager.getSubscription() : null;
}

/**
 * Where this browser stands now. With `resave` (the settings page) an existing subscription is
 * told to the server again: it may have dropped an expired endpoint, or another user signed in here.
 */
export async function readPushState({ resave = true }: { resave?: boolean } = {}): Promise<PushState> {
  if (!isSupported()) return 'unsupported';
  if (Notification.permission === 'denied') return 'denied';
  if ((await fetchPushKey()) === null) return 'unavailable';
  const subscription = await currentSubscription();
  if (subscription && Notification.permission === 'granted') {
    if (resave) await saveSubscription(subscription.toJSON());
    return 'on';
  }
  return 'off';
}

/** The browser's answer about notifications for tsunagu, or 'unsupported' without the Push API. */
export function notificationPermission(): NotificationPermission | 'unsupported' {
  return isSupported() ? Notification.permission : 'unsupported';
}

/** This browser's push endpoint, if it has subscribed (the test push goes there). */
export async function thisDeviceEndpoint(): Promise<string | null> {
  if (!isSupported()) return null;
  return (await currentSubscription())?.endpoint ?? null;
}

/** Asks for permission (from a tap, as browsers require) and subscribes this browser. */
export async function turnPushOn(): Promise<PushState> {
  if (!isSupported()) return 'unsupported';
  const permission = await Notification.requestPermission();
  if (permission === 'denied') return 'denied';
  if (permission !== 'granted') return 'off';
  const key = await fetchPushKey();
  if (key === null) return 'unavailable';
  const reg = await appShellRegistration();
  await navigator.serviceWorker.ready;
  const subscription =
    (await reg.pushManager.getSubscription()) ??
    (await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(key) }));
  await saveSubscription(subscription.toJSON());
  return 'on';
}

/** Stops push on this browser, here and on the server. */
export async function turnPushOff(): Promise<PushState> {
  const subscription = await currentSubscription();
  if (subscription) {
    await removeSubscription(subscription.endpoint);
    await subscription.unsubscribe();
  }
  return 'off';
}

/**
 * On signing out: this browser stops receiving the account's pushes (an office PC or a shared
 * tablet is the next person's). Best effort and quick: signing out never waits long on it.
 */
export async function forgetPushOnThisDevice(): Promise<void> {
  if (!isSupported()) return;
  const attempt = turnPushOff().then(() => undefined);
  const timeout = new Promise<void>((resolve) => setTimeout(resolve, 2000));
  await Promise.race([attempt.catch(() => undefined), timeout]);
}
