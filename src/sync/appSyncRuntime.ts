// The browser wiring of the sync engine for the page: the real fetch, the app's database, Web Locks,
// and the triggers (start, back online, the app coming to the front, every 5 minutes, a save). Loaded
// lazily by appSync.ts; the service worker wires its own engine in sw/sw.ts.
import { db } from '../db/appDb';
import { createSyncStore } from '../db/syncStore';
import { watchPendingCount } from '../db/syncQueries';
import { createApiClient } from './api';
import { OUTBOX_SYNC_TAG, withSyncLock } from './backgroundSyncTag';
import { SyncEngine, type SyncOutcome } from './engine';
import { SyncScheduler } from './scheduler';
import { signIn, signOut } from './sessionFlow';
import type { SyncStatusStore } from './status';

/** A save is sent this long after it was made, so a roster typed member by member goes in one push. */
const AFTER_SAVE_DELAY_MS = 3_000;
const FOCUS_SYNC_MIN_INTERVAL_MS = 30_000;

export function startAppSync(status: SyncStatusStore) {
  const store = createSyncStore(db);
  const api = createApiClient({
    fetch: (url, init) => fetch(url, init),
    baseUrl: '',
    getToken: async () => (await store.getSession())?.token ?? null,
    gzipMemory: store,
  });
  const isOnline = () => navigator.onLine;
  const engine = new SyncEngine({ store, api, clock: () => new Date(), status, withLock: withSyncLock(navigator.locks), isOnline });
  const scheduler = new SyncScheduler({
    engine,
    timers: { set: (callback, ms) => setTimeout(callback, ms), clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>) },
    random: Math.random,
    now: Date.now,
    isOnline,
  });

  const run = async (): Promise<SyncOutcome> => {
    const outcome = await scheduler.trigger();
    // No signal: let the browser wake the service worker when it returns, even if the app is closed.
    if (outcome.kind === 'failed' && outcome.code === 'NETWORK') void registerBackgroundSync();
    return outcome;
  };

  // Coming back to the app (focus, tab visible) syncs, but not more than once in a while: switching
  // apps every few seconds on a weak 3G link should not cost a pull each time.
  let lastFocusRun = 0;
  const runOnReturn = () => {
    if (Date.now() - lastFocusRun < FOCUS_SYNC_MIN_INTERVAL_MS) return;
    lastFocusRun = Date.now();
    void run();
  };
  window.addEventListener('online', () => void run());
  window.addEventListener('offline', () => status.update({ phase: 'offline' }));
  window.addEventListener('focus', runOnReturn);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') runOnReturn();
  });

  let afterSave: ReturnType<typeof setTimeout> | null = null;
  let lastPending = -1;
  watchPendingCount(db, (pending) => {
    const grew = lastPending >= 0 && pending > lastPending;
    lastPending = pending;
    if (!grew) return;
    if (!isOnline()) {
      void registerBackgroundSync();
      return;
    }
    if (afterSave) clearTimeout(afterSave);
    afterSave = setTimeout(() => void run(), AFTER_SAVE_DELAY_MS);
  });

  if (!isOnline()) status.update({ phase: 'offline' });
  void scheduler.start();

  // Under the sync lock: not while a run (this page's or the service worker's) is storing pages.
  const sessionDeps = { api, store, clock: () => new Date(), withLock: withSyncLock(navigator.locks) };
  return {
    status,
    api,
    syncNow: run,
    /** Signs in; the caller then runs the first sync, showing its progress. */
    signIn: (input: { username: string; password: string; deviceName?: string }) => signIn(sessionDeps, input),
    signOut: () => signOut(sessionDeps),
    retryParked: async (seq: number) => {
      await store.retryParked(seq);
      void run();
    },
    /** A village made on this phone: its work goes into one of the account's villages, then is sent. */
    moveLocalVillage: async (fromVillageId: string, toVillageId: string) => {
      await store.moveLocalVillage(fromVillageId, toVillageId);
      void run();
    },
    /** The record then takes the server's copy back at the next sync [PL7]: started now. */
    discardParked: async (seq: number) => {
      await store.discardParked(seq);
      void run();
    },
  };
}

export type AppSyncRuntime = ReturnType<typeof startAppSync>;

/** Chrome on Android: the service worker sends the outbox when the signal returns, app open or not. */
async function registerBackgroundSync(): Promise<void> {
  try {
    const registration = await navigator.serviceWorker?.getRegistration();
    const sync = (registration as (ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }) | undefined)?.sync;
    await sync?.register(OUTBOX_SYNC_TAG);
  } catch {
    // Not supported or not allowed (e.g. no service worker yet): the page's own triggers still send it.
  }
}
