// Villages on this phone. Until the phone is connected to a commune server, a team can enter its own
// village here; once signed in, villages come from the server.
import { villageSchema } from '../shared/schemas';
import type { Village } from '../shared/types';
import type { CongDanSoDb } from './database';
import { holdsServerRecords, villagesMarkedMadeHere } from './madeHere';
import { getMeta, META_KEYS, setMeta } from './meta';
import { SYNC_META_KEYS } from './syncMeta';
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
  await db.transaction('rw', [db.villages, db.meta, db.households, db.persons, db.visits], async () => {
    // The first village made since villages are marked also marks those made before, by the rule used
    // until then (no account has them, and none of their records came from a server).
    const marked = (await villagesMarkedMadeHere(db)) ?? (await villagesMadeBeforeTheMark(db));
    await db.villages.put(result.data);
    await setMeta(db, META_KEYS.selectedVillageId, result.data.id);
    await setMeta(db, META_KEYS.villagesMadeHere, [...marked, result.data.id]);
  });
  return result.data;
}

async function villagesMadeBeforeTheMark(db: CongDanSoDb): Promise<string[]> {
  const session = await getMeta<{ user: { villageIds: string[] } }>(db, SYNC_META_KEYS.session);
  const fromAccount = new Set(session?.user.villageIds ?? []);
  const ids: string[] = [];
  for (const { id } of await db.villages.toArray()) {
    if (!fromAccount.has(id) && !(await holdsServerRecords(db, id))) ids.push(id);
  }
  return ids;
}

export async function selectVillage(db: CongDanSoDb, villageId: string): Promise<void> {
  await setMeta(db, META_KEYS.selectedVillageId, villageId);
}
