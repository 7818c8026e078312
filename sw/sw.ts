/// <reference lib="webworker" />
// The service worker: the whole app (shell and lazy screens) is precached at install, so a cold start
// with no network opens the household list. Navigations fall back to the cached index.html; the API is
// never served from cache (the sync engine talks to the server directly).
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | { url: string; revision: string | null })[] };

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), { denylist: [/^\/api\//] }));

// A first install takes control of the open page at once, so the app works offline without a reload.
// An update waits until the user taps "Update now" (src/pwa/registerServiceWorker.ts sends SKIP_WAITING).
clientsClaim();
self.addEventListener('message', (event) => {
  if (event.data?.type === 'SKIP_WAITING') void self.skipWaiting();
});
