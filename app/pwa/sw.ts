// The service worker: precaches the app shell, answers navigations with index.html (never /api), and
// waits for the user's "Odśwież" before a new version takes over (registerType 'prompt').
/// <reference lib="webworker" />
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

declare let self: ServiceWorkerGlobalScope;

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Deep links (/zlecenie/…) open offline; API calls always go to the network and fail visibly offline.
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/^\/api(\/|$)/] }));

// The first install controls the open page at once, so it works offline without a reload; an update
// only activates after SKIP_WAITING (the user's "Odśwież"), and then takes over the page too.
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});
