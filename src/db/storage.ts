// Browser storage can be evicted under pressure unless the site is granted persistent storage; losing
// unsent records that way is one of the failures of today's tools (domain.md, "Lessons"). We ask once
// at start and keep the answer so the settings screen can show it.
import type { CongDanSoDb } from './database';
import { META_KEYS, setMeta } from './meta';

export type PersistenceState = 'granted' | 'denied' | 'unsupported';

export async function requestPersistentStorage(db: CongDanSoDb, storage: StorageManager | undefined = globalThis.navigator?.storage): Promise<PersistenceState> {
  let state: PersistenceState = 'unsupported';
  if (storage?.persist) {
    const already = storage.persisted ? await storage.persisted() : false;
    state = already || (await storage.persist()) ? 'granted' : 'denied';
  }
  await setMeta(db, META_KEYS.storagePersisted, state);
  return state;
}

export async function storageEstimate(storage: StorageManager | undefined = globalThis.navigator?.storage): Promise<{ usage: number; quota: number } | null> {
  if (!storage?.estimate) return null;
  const { usage = 0, quota = 0 } = await storage.estimate();
  return { usage, quota };
}
