// Keeps the chosen village's data current after each change by reading only the records that changed.
//
// Why: re-reading the whole village after every save (what a Dexie liveQuery over loadVillageData does)
// costs time that grows with the village — over a second for 50,000 people — and that read's transaction
// holds the stores a save writes, so the NEXT save waited behind it (most of a save's time, measured).
// Dexie reports which primary keys each committed transaction changed ("storagemutated", also for
// other tabs and the service worker); a save changes a handful, read back here in a tiny transaction.
// Anything that cannot be told key by key (a bulk write of 50 or more records, a range delete, a
// database reopened) reads the village again whole.
import Dexie, { cmp, type IntervalTree, type ObservabilitySet } from 'dexie';
import type { Household, Person, SyncMeta, Village, Visit } from '../shared/types';
import type { CongDanSoDb, HouseholdSearchEntry } from './database';
import { householdSearchText } from './searchText';
import { compareById } from '../shared/ids';

export interface VillageData {
  village: Village | undefined;
  households: Household[];
  persons: Person[];
  visits: Visit[];
  /** Folded search text by household id. */
  searchText: Map<string, string>;
  /**
   * false for the first answer when a village opens: its households alone (no persons, visits or search
   * text), so the list can show their names while the members are still being read.
   */
  complete: boolean;
}

/**
 * The village and its alive households alone. Read first when a village opens: in a village of 7,350
 * households and 25,000 people, reading and unpacking every record took ~0.3–0.6 s of a 1.7 s start at
 * 4× CPU throttling, and building the list's rows from the members ~0.2 s more (measured).
 */
export async function loadVillageHouseholds(db: CongDanSoDb, villageId: string): Promise<VillageData> {
  return db.transaction('r', [db.villages, db.households], async () => {
    const [village, households] = await Promise.all([db.villages.get(villageId), db.households.where('villageId').equals(villageId).toArray()]);
    return { village, households: households.filter((h) => !h.deleted), persons: [], visits: [], searchText: new Map(), complete: false };
  });
}

/** Everything of one village, deleted records left out. A village has a few thousand people at most. */
export async function loadVillageData(db: CongDanSoDb, villageId: string): Promise<VillageData> {
  return db.transaction('r', [db.villages, db.households, db.persons, db.visits, db.householdSearch], async () => {
    const [{ village, households }, persons, visits, search] = await Promise.all([
      loadVillageHouseholds(db, villageId),
      db.persons.where('villageId').equals(villageId).toArray(),
      db.visits.where('villageId').equals(villageId).toArray(),
      db.householdSearch.where('villageId').equals(villageId).toArray(),
    ]);
    const alivePersons = persons.filter((p) => !p.deleted);
    return {
      village,
      households,
      persons: alivePersons,
      visits: visits.filter((v) => !v.deleted),
      searchText: completeSearchText(new Map(search.map((s) => [s.householdId, s.text])), households, alivePersons),
      complete: true,
    };
  });
}

/**
 * `stored` (the household search entries read) with the text of every alive household that has none
 * computed from its alive members (`persons`: the village's, in id order). A first download writes no
 * search entries (pullRun.ts explains why), so on a phone that downloaded its villages most texts are
 * computed here: ~4 µs a household, a few ms for a village of 700.
 */
export function completeSearchText(stored: Map<string, string>, households: readonly Household[], persons: readonly Person[], only?: ReadonlySet<string>): Map<string, string> {
  const missing = households.filter((h) => !stored.has(h.id) && (only === undefined || only.has(h.id)));
  if (missing.length === 0) return stored;
  const members = new Map<string, Person[]>(missing.map((h) => [h.id, []]));
  for (const person of persons) members.get(person.householdId)?.push(person);
  for (const household of missing) stored.set(household.id, householdSearchText(household, members.get(household.id)!));
  return stored;
}

const TABLES = ['villages', 'households', 'persons', 'visits', 'householdSearch'] as const;
type Table = (typeof TABLES)[number];
/** More changed keys than this: reading the village whole is simpler and not much slower. */
const MAX_KEYS = 500;

/**
 * The primary keys of `table` that a change touched: [] when none, null when they cannot be listed
 * (a range, or too many).
 */
export function changedKeys(parts: ObservabilitySet, dbName: string, table: string): string[] | null {
  const tree = parts[`idb://${dbName}/${table}/`] as IntervalTree | undefined;
  if (!tree) return [];
  const keys: string[] = [];
  // Walked by hand: sets that come from another tab arrive as plain objects, without RangeSet's iterator.
  const stack: IntervalTree[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!('from' in node)) continue;
    if (typeof node.from !== 'string' || cmp(node.from, node.to) !== 0) return null;
    keys.push(node.from);
    if (keys.length > MAX_KEYS) return null;
    if (node.l) stack.push(node.l);
    if (node.r) stack.push(node.r);
  }
  return keys;
}

/**
 * `list` (alive records of the village, in id order, as loadVillageData returns them) with the records
 * read back for `keys`: replaced, removed (deleted, gone, or now in another village) or inserted in
 * place.
 */
function patchList<R extends SyncMeta>(list: R[], keys: readonly string[], read: readonly (R | undefined)[], villageId: string): R[] {
  if (keys.length === 0) return list;
  const fresh = new Map<string, R | null>();
  keys.forEach((key, i) => {
    const record = read[i];
    fresh.set(key, record && record.villageId === villageId && !record.deleted ? record : null);
  });
  const result: R[] = [];
  for (const record of list) {
    if (!fresh.has(record.id)) result.push(record);
    else {
      const now = fresh.get(record.id);
      if (now) result.push(now);
      fresh.delete(record.id);
    }
  }
  const added = [...fresh.values()].filter((r): r is R => r !== null);
  if (added.length === 0) return result;
  // New records go where the villageId index (ordered by id) would have put them.
  return [...result, ...added].sort(compareById);
}

async function patch(db: CongDanSoDb, villageId: string, data: VillageData, keys: Record<Table, string[]>): Promise<VillageData> {
  return db.transaction('r', [db.villages, db.households, db.persons, db.visits, db.householdSearch], async () => {
    const [village, households, persons, visits] = await Promise.all([
      keys.villages.includes(villageId) ? db.villages.get(villageId) : data.village,
      db.households.bulkGet(keys.households),
      db.persons.bulkGet(keys.persons),
      db.visits.bulkGet(keys.visits),
    ]);
    const patched = {
      households: patchList<Household>(data.households, keys.households, households, villageId),
      persons: patchList<Person>(data.persons, keys.persons, persons, villageId),
    };
    // The households whose search text may have changed: changed entries, changed households, and the
    // households changed persons belonged to before and belong to now. A household without a stored
    // entry (a first download writes none, pullRun.ts) has its text computed from its members.
    const affected = new Set([...keys.householdSearch, ...keys.households]);
    if (keys.persons.length > 0) {
      const changed = new Set(keys.persons);
      for (const person of data.persons) if (changed.has(person.id)) affected.add(person.householdId);
      for (const person of persons) if (person) affected.add(person.householdId);
    }
    let searchText = data.searchText;
    if (affected.size > 0) {
      const ids = [...affected];
      const entries: (HouseholdSearchEntry | undefined)[] = await db.householdSearch.bulkGet(ids);
      searchText = new Map(data.searchText);
      ids.forEach((id, i) => {
        const entry = entries[i];
        if (entry && entry.villageId === villageId) searchText.set(id, entry.text);
        else searchText.delete(id);
      });
      searchText = completeSearchText(searchText, patched.households, patched.persons, affected);
    }
    return {
      village,
      ...patched,
      visits: patchList<Visit>(data.visits, keys.visits, visits, villageId),
      searchText,
      complete: true,
    };
  });
}

/** Pauses before reading a village again after a failed read: 0.5 s, doubling up to 30 s. */
const FIRST_RETRY_MS = 500;
const LAST_RETRY_MS = 30_000;

/**
 * Calls `onData` with the village's data now and after every change to it; returns the unsubscribe.
 * The first call of all has the households alone (`complete: false`), the next everything.
 * `onFailed(true)` when a read fails (reads are retried), `onFailed(false)` when one succeeds after that.
 */
export function watchVillageData(db: CongDanSoDb, villageId: string, onData: (data: VillageData) => void, onFailed?: (failed: boolean) => void): () => void {
  let current: VillageData | undefined;
  let stopped = false;
  let running = false;
  // What changed since the last read: keys per table, or everything.
  let full = true;
  let pending: Record<Table, Set<string>> = emptyPending();
  let retryMs = FIRST_RETRY_MS;
  /** The one pending retry after a failed read (a change meanwhile reads at once, and the retry still runs). */
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let failed = false;

  async function drain(): Promise<void> {
    if (running) return;
    running = true;
    try {
      while (!stopped && (full || TABLES.some((t) => pending[t].size > 0))) {
        const whole = full || current === undefined;
        const keys = Object.fromEntries(TABLES.map((t) => [t, [...pending[t]]])) as Record<Table, string[]>;
        full = false;
        pending = emptyPending();
        if (current === undefined) {
          // Names first: the whole read below takes ~1 s at 4× CPU in a village of 7,000 households.
          const households = await loadVillageHouseholds(db, villageId);
          if (stopped) break;
          onData(households);
        }
        current = whole ? await loadVillageData(db, villageId) : await patch(db, villageId, current!, keys);
        if (!stopped) onData(current);
        retryMs = FIRST_RETRY_MS;
        if (failed && !stopped) {
          failed = false;
          onFailed?.(false);
        }
      }
    } catch (error) {
      // A failed read: the village is read whole again, at the next change or after a pause that doubles
      // while reads keep failing. Without the retry a failed first read left the list on the households
      // alone (filters waiting, aria-busy) until something in the village changed.
      full = true;
      console.error('reading the village failed', error);
      if (!failed && !stopped) {
        // Said on screen (VillageReadProblem): otherwise the list just stays empty or half read.
        failed = true;
        onFailed?.(true);
      }
      if (!stopped && retryTimer === undefined) {
        retryTimer = setTimeout(() => {
          retryTimer = undefined;
          void drain();
        }, retryMs);
        retryMs = Math.min(retryMs * 2, LAST_RETRY_MS);
      }
    } finally {
      running = false;
    }
  }

  const onMutated = (parts: ObservabilitySet) => {
    for (const table of TABLES) {
      const keys = changedKeys(parts, db.name, table);
      if (keys === null) full = true;
      else for (const key of keys) pending[table].add(key);
    }
    void drain();
  };
  Dexie.on('storagemutated', onMutated);
  void drain();
  return () => {
    stopped = true;
    clearTimeout(retryTimer);
    Dexie.on('storagemutated').unsubscribe(onMutated);
  };
}

function emptyPending(): Record<Table, Set<string>> {
  return { villages: new Set(), households: new Set(), persons: new Set(), visits: new Set(), householdSearch: new Set() };
}

interface SharedWatch {
  /** The last data handed out: the households alone until the whole village is read. */
  data: VillageData | undefined;
  /** The last read failed and none has succeeded since (the watcher keeps retrying). */
  failed: boolean;
  listeners: Set<(data: VillageData) => void>;
  failedListeners: Set<(failed: boolean) => void>;
  holds: number;
  stop: () => void;
}

/** One watcher per database and village, shared by every subscriber (and by a read started early). */
const shared = new WeakMap<CongDanSoDb, Map<string, SharedWatch>>();

function hold(db: CongDanSoDb, villageId: string): SharedWatch {
  let byVillage = shared.get(db);
  if (!byVillage) shared.set(db, (byVillage = new Map()));
  let entry = byVillage.get(villageId);
  if (!entry) {
    const created: SharedWatch = { data: undefined, failed: false, listeners: new Set(), failedListeners: new Set(), holds: 0, stop: () => undefined };
    created.stop = watchVillageData(
      db,
      villageId,
      (data) => {
        created.data = data;
        created.listeners.forEach((listener) => listener(data));
      },
      (failed) => {
        created.failed = failed;
        created.failedListeners.forEach((listener) => listener(failed));
      },
    );
    byVillage.set(villageId, (entry = created));
  }
  entry.holds++;
  return entry;
}

function release(db: CongDanSoDb, villageId: string, entry: SharedWatch): void {
  if (--entry.holds > 0) return;
  entry.stop();
  const byVillage = shared.get(db);
  if (byVillage?.get(villageId) === entry) byVillage.delete(villageId);
}

/**
 * Like watchVillageData, through the village's shared watcher: `onData` is called at once with what has
 * been read already (e.g. by preloadVillageData at app start; maybe the households alone), then with the
 * whole village and after every change; `onFailed` at once if the last read failed, then at each change.
 */
export function subscribeVillageData(db: CongDanSoDb, villageId: string, onData: (data: VillageData) => void, onFailed?: (failed: boolean) => void): () => void {
  const entry = hold(db, villageId);
  entry.listeners.add(onData);
  if (onFailed) entry.failedListeners.add(onFailed);
  if (entry.data) onData(entry.data);
  if (entry.failed) onFailed?.(true);
  return () => {
    entry.listeners.delete(onData);
    if (onFailed) entry.failedListeners.delete(onFailed);
    release(db, villageId, entry);
  };
}

/** The village's data as far as its shared watcher has read it (households alone at first). */
export function peekVillageData(db: CongDanSoDb, villageId: string): VillageData | undefined {
  return shared.get(db)?.get(villageId)?.data;
}

/** Whether the shared watcher's last read of the village failed (false when none is watching it). */
export function peekVillageReadFailed(db: CongDanSoDb, villageId: string): boolean {
  return shared.get(db)?.get(villageId)?.failed ?? false;
}

/**
 * Starts reading a village before any screen asks for it, and keeps it watched for `keepMs` so the
 * screen that mounts later finds it read (or in flight) instead of starting a second read. Resolves when
 * the whole village is read (not at the households alone: the app starts sync after it).
 *
 * Why: at app start the list otherwise waited for a chain — modules, first render, the villages and
 * the chosen village read, a second render, and only then the village's data — while IndexedDB could
 * have been reading it all along.
 */
export function preloadVillageData(db: CongDanSoDb, villageId: string, keepMs = 10_000): Promise<void> {
  const entry = hold(db, villageId);
  setTimeout(() => release(db, villageId, entry), keepMs);
  if (entry.data?.complete) return Promise.resolve();
  return new Promise((resolve) => {
    const once = (data: VillageData) => {
      if (!data.complete) return;
      entry.listeners.delete(once);
      resolve();
    };
    entry.listeners.add(once);
  });
}
