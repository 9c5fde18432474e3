/* つなぐ service worker: Web Push only (no caching). The payload carries no personal data:
   { title, body, url: '/urgent/<caseId>', tag, id }. A tap opens (or focuses) the case page. */
'use strict';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

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
      icon: '/favicon.svg',
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
