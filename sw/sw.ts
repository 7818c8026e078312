/// <reference lib="webworker" />
// The service worker: the whole app (shell and lazy screens) is precached at install, so a cold start
// with no network opens the household list. Navigations fall back to the cached index.html; the API is
// never served from cache (the sync engine talks to the server directly).
// First: the worker runs under the same CSP as the page (no eval); see src/strictCsp.ts.
import '../src/strictCsp';
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { sendOutboxInBackground } from '../src/sync/backgroundSend';
import { OUTBOX_SYNC_TAG } from '../src/sync/backgroundSyncTag';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | { url: string; revision: string | null })[] };
/** Background Sync (WICG; Chromium): not in TypeScript's WebWorker library yet. */
interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
}

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), { denylist: [/^\/api\//] }));

// A first install takes control of the open page at once, so the app works offline without a reload.
// An update waits until the user taps "Update now" (src/pwa/registerServiceWorker.ts sends SKIP_WAITING).
clientsClaim();
self.addEventListener('message', (event) => {
  if (event.data?.type === 'SKIP_WAITING') void self.skipWaiting();
});

// Background Sync: the page registers OUTBOX_SYNC_TAG when a save finds no network; the browser fires
// this event when the signal returns, even with the app closed, and retries it while it rejects.
self.addEventListener('sync', (event) => {
  const syncEvent = event as SyncEvent;
  if (syncEvent.tag !== OUTBOX_SYNC_TAG) return;
  syncEvent.waitUntil(
    sendOutboxInBackground({
      fetch: (url, init) => fetch(url, init),
      origin: self.location.origin,
      locks: self.navigator.locks,
      isOnline: () => self.navigator.onLine,
    }),
  );
});
