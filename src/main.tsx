// The app shell entry: what index.html loads before the household list shows. Keep it small: the
// forms, dashboard, follow-up list and settings load lazily (and are precached for offline use).
// First: configures zod for the strict CSP before any chunk that loads it.
import './strictCsp';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { initI18n } from './i18n';
import { App } from './app/App';
import { AppLockGate } from './app/AppLockGate';
import { afterFirstScreen } from './app/afterFirstScreen';
import { listenForInstallOffer } from './pwa/installOffer';
import { startServiceWorker } from './pwa/registerServiceWorker';
import { db } from './db/appDb';
import { preloadSelectedVillage } from './db/queries';
import { requestPersistentStorage } from './db/storage';
import { appSync } from './sync/appSync';
import './ui/styles.css';

// Before the first render: IndexedDB reads the chosen village while React and the first render run.
const firstScreenRead = preloadSelectedVillage(db).catch((error: unknown) => console.error('reading the village ahead failed; the list reads it itself', error));
initI18n();
listenForInstallOffer();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
    <AppLockGate />
  </StrictMode>,
);
startServiceWorker();
// After the household list has shown (its data read, then the browser idle): asking for persistent
// storage writes to IndexedDB, and the sync engine (with zod) loads, evaluates and reads the outbox —
// on a slow phone that work, started at once, delayed the list by a few hundred milliseconds.
afterFirstScreen(firstScreenRead, () => {
  void requestPersistentStorage(db);
  // Then sync runs at start and on its triggers.
  appSync.load().catch((error: unknown) => console.error('sync engine could not load; the sync button or a reload tries again', error));
});
