// Villages on this phone. Until the phone is connected to a commune server, a team can enter its own
// village here; once signed in, villages come from the server.
import { villageSchema } from '../shared/schemas';
import type { Village } from '../shared/types';
import type { CongDanSoDb } from './database';
import { getMeta, META_KEYS, setMeta } from './meta';
import { InvalidRecordError, type RepositoryDeps, browserDeps } from './repository';

export async function addLocalVillage(
  db: CongDanSoDb,
  input: { name: string; expectedHouseholds: number | null },
  deps: RepositoryDeps = browserDeps,
): Promise<Village> {
  const result = villageSchema.safeParse({ id: deps.newId(), ...input });
  if (!result.success) {
    throw new InvalidRecordError(result.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })));
  }
  await db.transaction('rw', [db.villages, db.meta], async () => {
    await db.villages.put(result.data);
    await setMeta(db, META_KEYS.selectedVillageId, result.data.id);
    await setMeta(db, META_KEYS.villagesMadeHere, [...((await getMeta<string[]>(db, META_KEYS.villagesMadeHere)) ?? []), result.data.id]);
  });
  return result.data;
}

export async function selectVillage(db: CongDanSoDb, villageId: string): Promise<void> {
  await setMeta(db, META_KEYS.selectedVillageId, villageId);
}
