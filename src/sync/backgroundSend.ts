// The service worker's run of the sync engine, for a Background Sync event: the same push and pull as
// the page, on the same IndexedDB database with the token stored there, so a closed app still sends its
// outbox when the signal returns (Chrome on Android). The Web Lock keeps it from racing an open page.
import { openDatabase } from '../db/database';
import { createSyncStore } from '../db/syncStore';
import { createApiClient, type FetchLike } from './api';
import { withSyncLock } from './backgroundSyncTag';
import { SyncEngine, type SyncOutcome } from './engine';

export interface BackgroundSendDeps {
  fetch: FetchLike;
  /** The app's origin (the service worker's scope), where the commune server answers. */
  origin: string;
  locks: LockManager | undefined;
  isOnline: () => boolean;
}

export async function sendOutboxInBackground(deps: BackgroundSendDeps): Promise<SyncOutcome> {
  const db = openDatabase();
  try {
    const store = createSyncStore(db);
    const api = createApiClient({ fetch: deps.fetch, baseUrl: deps.origin, getToken: async () => (await store.getSession())?.token ?? null, gzipMemory: store });
    const engine = new SyncEngine({ store, api, clock: () => new Date(), withLock: withSyncLock(deps.locks), isOnline: deps.isOnline });
    const outcome = await engine.sync();
    // Rejecting asks the browser to fire the event again later, with its own backoff; a failure only a
    // person can fix (expired sign-in, old app) would fail again, so it ends here.
    if (outcome.kind === 'failed' && outcome.retryable) throw new Error(`background sync failed: ${outcome.code}`);
    return outcome;
  } finally {
    db.close();
  }
}
