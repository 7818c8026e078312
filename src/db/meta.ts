// Small key-value settings of this phone (chosen village, storage persistence, sync cursor…).
import type { CongDanSoDb } from './database';

export const META_KEYS = {
  selectedVillageId: 'selectedVillageId',
  storagePersisted: 'storagePersisted',
  /** Ids of villages a team made on this phone (not from a server): their work may move (moveLocalVillage). */
  villagesMadeHere: 'villagesMadeHere',
} as const;

export async function getMeta<T>(db: CongDanSoDb, key: string): Promise<T | undefined> {
  return (await db.meta.get(key))?.value as T | undefined;
}

export async function setMeta(db: CongDanSoDb, key: string, value: unknown): Promise<void> {
  await db.meta.put({ key, value });
}
