/** The Background Sync tag under which the page asks the service worker to send the outbox. */
export const OUTBOX_SYNC_TAG = 'cds-outbox';
/** The Web Lock that keeps the page and the service worker from syncing the same database at once. */
export const SYNC_LOCK_NAME = 'cds-sync';

/** Runs `work` holding the sync lock where Web Locks exist (Chromium, Firefox, Safari 15.4+). */
export function withSyncLock(locks: LockManager | undefined): <T>(work: () => Promise<T>) => Promise<T> {
  return <T>(work: () => Promise<T>) => (locks ? (locks.request(SYNC_LOCK_NAME, work) as Promise<T>) : work());
}
