// "Cài ứng dụng": Chrome on Android offers to install the app through a `beforeinstallprompt` event that
// fires once, early, while the shell loads; it is kept here until the settings screen shows its button.
// An installed app is also where Chrome most readily grants persistent storage (unsent records then
// cannot be evicted), so after an install the app asks for it again.

/** The part of Chrome's BeforeInstallPromptEvent used here (not in TypeScript's DOM types). */
export interface InstallPromptEvent extends Event {
  prompt(): Promise<void>;
  userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

let offer: InstallPromptEvent | null = null;
const listeners = new Set<() => void>();

/** Call once at start: keeps the browser's offer instead of its own mini-infobar. */
export function listenForInstallOffer(target: Pick<Window, 'addEventListener'> = window): void {
  target.addEventListener('beforeinstallprompt', (event) => {
    event.preventDefault();
    offer = event as InstallPromptEvent;
    listeners.forEach((listener) => listener());
  });
  target.addEventListener('appinstalled', () => {
    offer = null;
    listeners.forEach((listener) => listener());
  });
}

export function canOfferInstall(): boolean {
  return offer !== null;
}

/** Calls `listener` when the offer comes or goes; returns the unsubscribe. */
export function onInstallOfferChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Shows the browser's install dialog; true when the user installed. The offer can be used once. */
export async function offerInstall(): Promise<boolean> {
  const current = offer;
  if (!current) return false;
  offer = null;
  listeners.forEach((listener) => listener());
  await current.prompt();
  return (await current.userChoice).outcome === 'accepted';
}
