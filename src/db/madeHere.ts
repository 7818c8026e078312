// Villages made on this phone (not from a server): their work can move into one of the account's
// villages once signed in (syncStore moveLocalVillage, offered by the settings screen). One rule for the
// offer, the move and the marking of villages made before villages were marked.
import type { CongDanSoDb } from './database';
import { META_KEYS } from './meta';

/** Whether any household, person or visit of the village is one the server has (version > 0). */
export async function holdsServerRecords(db: CongDanSoDb, villageId: string): Promise<boolean> {
  const found = await Promise.all(
    [db.households, db.persons, db.visits].map((table) => (table as typeof db.households).where('villageId').equals(villageId).filter((r) => r.version > 0).first()),
  );
  return found.some((record) => record !== undefined);
}

/** The ids marked as made here (meta), or undefined while no village has been marked on this phone. */
export async function villagesMarkedMadeHere(db: CongDanSoDb): Promise<string[] | undefined> {
  return (await db.meta.get(META_KEYS.villagesMadeHere))?.value as string[] | undefined;
}

/**
 * Marked when it was made, and none of its records from a server (a server village keeps records at
 * version 0 until a pull brings them back, so the records alone do not tell); before any village was
 * marked, the records alone decide. `marked`: villagesMarkedMadeHere, read once by a caller of many.
 */
export async function madeOnThisPhone(db: CongDanSoDb, villageId: string, marked: string[] | undefined): Promise<boolean> {
  return (marked === undefined || marked.includes(villageId)) && !(await holdsServerRecords(db, villageId));
}
