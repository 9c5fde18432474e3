import { useSyncExternalStore } from 'react';

/**
 * The page's side of the app shell (client/pwa/service-worker.js): registering the one service
 * worker, whether the page runs as an installed app, the browser's offer to install it, and
 * whether the device is online.
 */
const WORKER_URL = '/sw.js';

/** Whether this browser can run the service worker at all (secure context: https or localhost). */
export function canRunServiceWorker(): boolean {
  return typeof window !== 'undefined' && window.isSecureContext && 'serviceWorker' in navigator;
}

/** The one service worker (app shell and push), registered once; the browser checks it for updates. */
export function appShellRegistration(): Promise<ServiceWorkerRegistration> {
  return navigator.serviceWorker.register(WORKER_URL, { scope: '/' });
}

/** The page's startup: the shell is stored from the first visit, so the next one opens at once. */
export function startAppShell(): void {
  window.addEventListener('beforeinstallprompt', keepInstallOffer);
  window.addEventListener('appinstalled', () => setInstallOffer(null));
  if (!canRunServiceWorker()) return;
  // A browser that refuses (private mode, a policy) still runs the app, only without the shell.
  window.addEventListener('load', () => void appShellRegistration().catch(() => undefined), { once: true });
}

/** Whether tsunagu runs as an installed app (home screen, its own window), not in a browser tab. */
export function isInstalledApp(): boolean {
  const standalone = (navigator as Navigator & { standalone?: boolean }).standalone === true; // iPhone
  return standalone || window.matchMedia('(display-mode: standalone)').matches;
}

/** An iPhone or iPad, where push works only in the app added to the home screen. */
export function isAppleMobile(): boolean {
  return (
    /iPhone|iPad|iPod/.test(navigator.userAgent) ||
    (navigator.userAgent.includes('Macintosh') && navigator.maxTouchPoints > 1)
  );
}

/** The browser's install offer (Chromium's beforeinstallprompt), kept to show it from a button. */
interface InstallOffer extends Event {
  prompt(): Promise<void>;
  userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}
let installOffer: InstallOffer | null = null;
const offerListeners = new Set<() => void>();
function setInstallOffer(offer: InstallOffer | null): void {
  installOffer = offer;
  for (const listener of offerListeners) listener();
}
function keepInstallOffer(event: Event): void {
  // The browser's own mini-bar is held back: the settings page explains and offers it instead.
  event.preventDefault();
  setInstallOffer(event as InstallOffer);
}

/** Whether the browser offers to install the app now (re-renders when that changes). */
export function useInstallOffer(): InstallOffer | null {
  return useSyncExternalStore(
    (onChange) => {
      offerListeners.add(onChange);
      return () => offerListeners.delete(onChange);
    },
    () => installOffer,
    () => null,
  );
}

/** Shows the browser's install dialog; true when the person installed the app. */
export async function acceptInstallOffer(offer: InstallOffer): Promise<boolean> {
  await offer.prompt();
  const { outcome } = await offer.userChoice;
  setInstallOffer(null);
  return outcome === 'accepted';
}

/** Whether the device says it is online (re-renders when that changes). */
export function useOnline(): boolean {
  return useSyncExternalStore(
    (onChange) => {
      window.addEventListener('online', onChange);
      window.addEventListener('offline', onChange);
      return () => {
        window.removeEventListener('online', onChange);
        window.removeEventListener('offline', onChange);
      };
    },
    () => navigator.onLine,
    () => true,
  );
}
