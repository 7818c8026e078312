// The app shell entry: what index.html loads before the household list shows. Keep it small: the
// forms, dashboard, follow-up list and settings load lazily (and are precached for offline use).
// First: configures zod for the strict CSP before any chunk that loads it.
import './strictCsp';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { initI18n } from './i18n';
import { App } from './app/App';
import { AppLockGate } from './app/AppLockGate';
import { startServiceWorker } from './pwa/registerServiceWorker';
import { db } from './db/appDb';
import { requestPersistentStorage } from './db/storage';
import { appSync } from './sync/appSync';
import './ui/styles.css';

initI18n();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
    <AppLockGate />
  </StrictMode>,
);
startServiceWorker();
void requestPersistentStorage(db);
// After the first render: the engine (and zod) load lazily, then sync runs at start and on its triggers.
appSync.load().catch((error: unknown) => console.error('sync engine could not load; the sync button or a reload tries again', error));
