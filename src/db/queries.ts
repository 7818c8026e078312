// Live queries for the screens: each hook re-renders its screen when the data it read changes
// (Dexie liveQuery), so a save in one screen shows everywhere at once.
import { useEffect, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import type { Household, Person, Village, Visit } from '../shared/types';
import { compareVillageNames } from '../shared/text';
import type { CongDanSoDb } from './database';
import { getMeta, META_KEYS } from './meta';
import type { PersistenceState } from './storage';
import { peekVillageData, peekVillageReadFailed, preloadVillageData, subscribeVillageData, type VillageData } from './villageLive';

/**
 * The village's data, kept current by reading back only what each change touched (villageLive.ts). Like
 * a liveQuery, the previous village's data stays until the newly chosen one's households are read. When the village was
 * read ahead (preloadSelectedVillage at app start), the first render already has it. `failed`: the last
 * read of the village failed (it is retried; the screens say so).
 */
export function useVillageData(db: CongDanSoDb, villageId: string | undefined): { data: VillageData | undefined; failed: boolean } {
  const [data, setData] = useState<VillageData | undefined>(() => (villageId ? peekVillageData(db, villageId) : undefined));
  const [failed, setFailed] = useState(() => (villageId ? peekVillageReadFailed(db, villageId) : false));
  useEffect(() => {
    if (!villageId) return undefined;
    setFailed(peekVillageReadFailed(db, villageId));
    return subscribeVillageData(db, villageId, setData, setFailed);
  }, [db, villageId]);
  return { data, failed };
}

/** Where the chosen village's id is mirrored for app start (IndexedDB's meta entry stays the truth). */
const SELECTED_VILLAGE_HINT = 'cds.selectedVillage';

/** Mirrors the chosen village for the next app start; the app calls it whenever the choice is read. */
export function rememberSelectedVillage(villageId: string | null): void {
  try {
    if (villageId) globalThis.localStorage?.setItem(SELECTED_VILLAGE_HINT, villageId);
    else globalThis.localStorage?.removeItem(SELECTED_VILLAGE_HINT);
  } catch {
    // Storage refused (private mode, quota): the next start reads the id from IndexedDB first.
  }
}

function selectedVillageHint(): string | null {
  try {
    return globalThis.localStorage?.getItem(SELECTED_VILLAGE_HINT) ?? null;
  } catch {
    return null;
  }
}

/**
 * App start: reads the chosen village's data while the modules and the first render still run, so the
 * household list shows as soon as the shell can render it. The village mirrored by the last run is read
 * at once, beside the read of the chosen id; only if the two differ (the mirror is stale) is the chosen
 * village read after. Resolves when the chosen village is read, or when the phone has none chosen.
 */
export async function preloadSelectedVillage(db: CongDanSoDb): Promise<void> {
  const hinted = selectedVillageHint();
  const early = hinted ? preloadVillageData(db, hinted) : undefined;
  const villageId = await getMeta<string>(db, META_KEYS.selectedVillageId);
  if (villageId && villageId !== hinted) await preloadVillageData(db, villageId);
  else if (villageId) await early;
}

export interface HouseholdDetail {
  household: Household;
  members: Person[];
  visits: Visit[];
  /** Members removed from the roster (tombstones): the office may still be asked for their data. */
  removedMembers: Person[];
}

/** A household as stored, with its living members and visits (newest first); null when gone. */
export async function readHousehold(db: CongDanSoDb, householdId: string): Promise<HouseholdDetail | null> {
  const household = await db.households.get(householdId);
  if (!household || household.deleted) return null;
  const [members, visits] = await Promise.all([
    db.persons.where('householdId').equals(householdId).toArray(),
    db.visits.where('householdId').equals(householdId).toArray(),
  ]);
  return {
    household,
    members: members.filter((p) => !p.deleted),
    visits: visits.filter((v) => !v.deleted).sort((a, b) => b.visitedOn.localeCompare(a.visitedOn)),
    removedMembers: members.filter((p) => p.deleted),
  };
}

export function useHousehold(db: CongDanSoDb, householdId: string | undefined): HouseholdDetail | null | undefined {
  return useLiveQuery(async () => (householdId ? readHousehold(db, householdId) : null), [householdId]);
}

/**
 * The phone's villages in Vietnamese order with numbers as numbers ("Thôn 2" before "Thôn 10", "Ấp Bắc"
 * among the A's), as the server lists them; IndexedDB's own order is by UTF-16 code unit.
 */
export async function readVillages(db: CongDanSoDb): Promise<Village[]> {
  return (await db.villages.toArray()).sort((a, b) => compareVillageNames(a.name, b.name));
}

export function useVillages(db: CongDanSoDb): Village[] | undefined {
  return useLiveQuery(() => readVillages(db), []);
}

export function useSelectedVillageId(db: CongDanSoDb): string | null | undefined {
  return useLiveQuery(async () => ((await db.meta.get(META_KEYS.selectedVillageId))?.value as string | undefined) ?? null, []);
}

export interface OutboxCounts {
  pending: number;
  parked: number;
}

export function useOutboxCounts(db: CongDanSoDb): OutboxCounts | undefined {
  return useLiveQuery(async () => {
    const [pending, parked] = await Promise.all([
      db.outbox.where('state').equals('pending').count(),
      db.outbox.where('state').equals('parked').count(),
    ]);
    return { pending, parked };
  }, []);
}

export function useStoragePersistence(db: CongDanSoDb): PersistenceState | undefined {
  return useLiveQuery(async () => (await db.meta.get(META_KEYS.storagePersisted))?.value as PersistenceState | undefined, []);
}
