// Registers the service worker and exposes "a new version is waiting" to the UI, which asks the user.
import { registerSW } from 'virtual:pwa-register';
import { createSignal } from 'solid-js';
import { log } from '../log.ts';

const [needRefresh, setNeedRefresh] = createSignal(false);
let updateServiceWorker: ((reloadPage?: boolean) => Promise<void>) | null = null;
let registration: ServiceWorkerRegistration | undefined;

/** True when a new version is installed and waits for the user's consent. */
export { needRefresh };

export function startServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  updateServiceWorker = registerSW({
    immediate: true,
    onNeedRefresh: () => setNeedRefresh(true),
    onRegisteredSW: (_url, reg) => {
      registration = reg;
    },
    onRegisterError: (error: unknown) => log.warn('service worker registration failed', error),
  });
}

/**
 * Moves to the newest version: activates a waiting one (the page reloads when it takes over), or
 * looks for one first. Unsynced records are safe: they live in IndexedDB, not in the page.
 */
export async function refreshApp(): Promise<void> {
  if (needRefresh() && updateServiceWorker) {
    await updateServiceWorker(true);
    return;
  }
  const reg = registration;
  await reg?.update().catch(() => undefined);
  const installing = reg?.installing;
  if (installing) {
    await new Promise<void>((resolve) => {
      installing.addEventListener('statechange', () => {
        if (installing.state === 'installed' || installing.state === 'redundant') resolve();
      });
    });
  }
  if (reg?.waiting && updateServiceWorker) await updateServiceWorker(true);
  else window.location.reload();
}
