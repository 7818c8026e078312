// The last answers of the commune server's figures (targets, commune indicators, trends), kept in the
// phone's meta table so the screens open offline with what was last known, and say when that was.
import { useLiveQuery } from 'dexie-react-hooks';
import type { StoredSession } from '../sync/session';
import type { CongDanSoDb } from './database';
import { getMeta, setMeta } from './meta';
import { SYNC_META_KEYS } from './syncMeta';

export interface Cached<T> {
  value: T;
  /** ISO time the server gave this answer. */
  fetchedAt: string;
  /** Whose answer it is: another account's figures are never shown. */
  userId: string;
}

export const SERVER_CACHE_KEYS = {
  targets: 'cache.targets',
  communeIndicators: 'cache.communeIndicators',
  trends: (scope: string) => `cache.trends.${scope}`,
} as const;

/** The signed-in session, or null (a phone used without a server). */
export async function currentSession(db: CongDanSoDb): Promise<StoredSession | null> {
  return (await getMeta<StoredSession>(db, SYNC_META_KEYS.session)) ?? null;
}

export async function writeCache<T>(db: CongDanSoDb, key: string, value: T, userId: string, now: Date = new Date()): Promise<void> {
  await setMeta(db, key, { value, fetchedAt: now.toISOString(), userId } satisfies Cached<T>);
}

/** The cached answer of the signed-in user; null when there is none (or it was another user's). */
export function useCached<T>(db: CongDanSoDb, key: string): Cached<T> | null | undefined {
  return useLiveQuery(async () => {
    const [cached, session] = await Promise.all([getMeta<Cached<T>>(db, key), currentSession(db)]);
    return cached && session && cached.userId === session.user.id ? cached : null;
  }, [key]);
}
