// Registers sw/sw.ts through workbox-window and tells the UI when a new version waits, so the user
// decides when to reload (a reload in the middle of a form would otherwise surprise them; drafts are
// kept in any case).
import { Workbox } from 'workbox-window';

type Listener = (update: (() => void) | null) => void;
const listeners = new Set<Listener>();
let pendingUpdate: (() => void) | null = null;

export function onUpdateAvailable(listener: Listener): () => void {
  listeners.add(listener);
  listener(pendingUpdate);
  return () => listeners.delete(listener);
}

export function startServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  const workbox = new Workbox('/sw.js', { scope: '/' });
  workbox.addEventListener('waiting', () => {
    pendingUpdate = () => {
      workbox.addEventListener('controlling', () => window.location.reload());
      workbox.messageSkipWaiting();
    };
    listeners.forEach((listener) => listener(pendingUpdate));
  });
  void workbox.register();
}
