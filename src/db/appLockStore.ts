// Where the app lock keeps its settings (meta 'appLock'): the PIN's salted hash, the idle minutes, the
// count of wrong PINs and the lockout. A lockout also marks the session expired, so the phone stops
// syncing with the token of a possibly stolen phone until the member signs in online; nothing unsent is
// deleted.
import { useLiveQuery } from 'dexie-react-hooks';
import type { StoredSession } from '../sync/session';
import { NO_LOCK, type AppLockSettings } from '../lock/lockState';
import type { CongDanSoDb } from './database';
import { SYNC_META_KEYS } from './syncMeta';

/** The PIN is the signed-in person's: the sync store removes it at sign-out and when another account signs in. */
export const LOCK_KEY = 'appLock';

export async function loadLock(db: CongDanSoDb): Promise<AppLockSettings> {
  return { ...NO_LOCK, ...((await db.meta.get(LOCK_KEY))?.value as Partial<AppLockSettings> | undefined) };
}

export async function loadSession(db: CongDanSoDb): Promise<StoredSession | null> {
  return ((await db.meta.get(SYNC_META_KEYS.session))?.value as StoredSession | undefined) ?? null;
}

/** The stored lock as it changes (a live query): the shell's gate reads the settings again on each change. */
export function useStoredLock(db: CongDanSoDb): unknown {
  return useLiveQuery(() => db.meta.get(LOCK_KEY), [db]);
}

export async function saveLock(db: CongDanSoDb, settings: AppLockSettings): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    await db.meta.put({ key: LOCK_KEY, value: settings });
    if (!settings.lockedOutAt) return;
    const session = await loadSession(db);
    if (session && !session.expired) await db.meta.put({ key: SYNC_META_KEYS.session, value: { ...session, expired: true, expiredCode: 'APP_LOCKED' } });
  });
}
