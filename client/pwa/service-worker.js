/* つなぐ service worker, built into /sw.js by client/pwa/vite-app-shell.ts.

   1. The app shell, so tsunagu opens at once (and offline) once installed: the files of the build
      (index.html, scripts, styles, icons), listed at build time into SHELL and stored at install,
      one cache per build. Nothing else is ever stored: the worker never answers or keeps /api
      (person data lives in the page's memory only, and every API response is no-store), never
      stores a response at run time, and passes anything not in SHELL to the network untouched.
      Offline, the shell starts, finds no server and shows the phone numbers the page kept (see
      client/src/features/device/api/phone-numbers.ts for what a device keeps).
   2. Web Push. The payload carries no personal data: { title, body, url: '/urgent/<caseId>', tag,
      id }. A tap opens (or focuses) the case page. */
'use strict';

/** Filled in by the build: the shell's paths and a version that changes with any of them. */
const SHELL = /* SHELL */ [];
const VERSION = /* VERSION */ 'dev';
const CACHE_PREFIX = 'tsunagu-shell-';
const CACHE = CACHE_PREFIX + VERSION;
const SHELL_PATHS = new Set(SHELL);
const SHELL_PAGE = '/index.html';

/** Any spelling of /api (capitals, percent-encoding): never the shell's business. */
function isApiPath(pathname) {
  let decoded;
  try {
    decoded = decodeURIComponent(pathname).replace(/\\/g, '/').toLowerCase();
  } catch {
    return true;
  }
  return /^\/+api(\/|$)/.test(decoded);
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      // Past the browser's HTTP cache, so a new build never stores an old file.
      .then((cache) => cache.addAll(SHELL.map((path) => new Request(path, { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys.filter((k) => k.startsWith(CACHE_PREFIX) && k !== CACHE).map((k) => caches.delete(k)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

/** The stored copy of a shell file, or the network's answer when this build stored none. */
function fromShell(path, request) {
  return caches
    .open(CACHE)
    .then((cache) => cache.match(path))
    .then((stored) => stored || fetch(request));
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || isApiPath(url.pathname)) return;
  if (request.mode === 'navigate') {
    // A client route (no file extension) opens the stored shell at once; files go to the network.
    if (SHELL_PATHS.has(SHELL_PAGE) && !/\.[a-z0-9]+$/i.test(url.pathname)) {
      event.respondWith(fromShell(SHELL_PAGE, request));
    }
    return;
  }
  if (SHELL_PATHS.has(url.pathname)) event.respondWith(fromShell(url.pathname, request));
});

self.addEventListener('push', (event) => {
  let data;
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { body: event.data ? event.data.text() : '' };
  }
  const url = typeof data.url === 'string' && data.url.startsWith('/') ? data.url : '/notifications';
  event.waitUntil(
    self.registration.showNotification(data.title || 'つなぐ', {
      body: data.body || '',
      tag: data.tag || data.id || undefined,
      // A repeat of the same step (same tag) alerts again: it is still unanswered.
      renotify: Boolean(data.tag || data.id),
      requireInteraction: true,
      icon: '/icons/icon-192.png',
      data: { url },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const target = new URL(
    event.notification.data && event.notification.data.url ? event.notification.data.url : '/',
    self.location.origin,
  );
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      const same = windows.find((w) => new URL(w.url).origin === target.origin);
      if (same) {
        return same.focus().then((w) => (w && 'navigate' in w ? w.navigate(target.href) : undefined));
      }
      return self.clients.openWindow(target.href);
    }),
  );
});
