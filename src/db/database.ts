// The phone's database: IndexedDB through Dexie. This folder is the only place that imports Dexie;
// screens read and write through the repositories and queries beside this file.
import Dexie, { type EntityTable } from 'dexie';
import type { Entity } from '../shared/statuses';
import type { Household, Person, Village, Visit } from '../shared/types';

// Dexie switches on its debug mode (long async stack traces kept for every promise) for pages served from
// localhost or 127.0.0.1: the commune office's own machine and the benchmark, never a phone. Off, so the
// office and the measurements run the code the phones run (a developer can set it in the console).
// This module is shared with the service worker, where import.meta.env is not typed.
Dexie.debug = false;

/**
 * One pending change, written in the same transaction as the record it changes (architecture.md,
 * practice 2). It holds intent — which fields changed from which base version — not a snapshot, so the
 * server can merge changes to different fields of one record.
 */
export interface OutboxEntry {
  /** Auto-incremented: the order in which changes were made, which is the order they are pushed. */
  seq?: number;
  /** The idempotency key of the mutation (sync protocol v1). */
  mutationId: string;
  entity: Entity;
  recordId: string;
  villageId: string;
  op: 'upsert' | 'delete';
  /** The record's server version when the change was made (0 for a record the server has not seen). */
  baseVersion: number;
  /**
   * Whether the change created the record on this phone. Entries made before this field existed lack it
   * (createsRecord reads them as before). Not sent: the server tells a creation by the record.
   */
  creates?: boolean;
  /** Only the changed fields; `null` clears an optional field. */
  fields: Record<string, unknown>;
  /** ISO timestamp from the phone's clock when the change was made. */
  clientTime: string;
  /** `parked`: the server rejected it; it waits, with its error, for a person to look at it. */
  state: 'pending' | 'parked';
  error?: { code: string; message: string };
}

/**
 * Whether the entry created its record on this phone (an upsert; `creates`, or for entries made before
 * that field existed, base version 0: then a pushed record had taken the server's version).
 */
export function createsRecord(entry: OutboxEntry): boolean {
  return entry.op !== 'delete' && (entry.creates ?? entry.baseVersion === 0);
}

/**
 * Folded (accent-free, lower-case) text of a household and its members, for instant search. A cache: an
 * entry, where present, is exact; a household without one (a first download writes none) has its text
 * computed when its village is read (villageLive.ts).
 */
export interface HouseholdSearchEntry {
  householdId: string;
  villageId: string;
  text: string;
}

export interface MetaEntry {
  key: string;
  value: unknown;
}

export type CongDanSoDb = Dexie & {
  villages: EntityTable<Village, 'id'>;
  households: EntityTable<Household, 'id'>;
  persons: EntityTable<Person, 'id'>;
  visits: EntityTable<Visit, 'id'>;
  outbox: EntityTable<OutboxEntry, 'seq'>;
  householdSearch: EntityTable<HouseholdSearchEntry, 'householdId'>;
  meta: EntityTable<MetaEntry, 'key'>;
};

export const DATABASE_NAME = 'cong-dan-so';

/**
 * Opens (or creates) the database. Schema versions are forward-only: a new version adds a
 * `db.version(n).stores(...)` block (with an upgrade function that parses old rows with the shared zod
 * schemas when their shape changes); old blocks are never edited.
 */
export function openDatabase(name: string = DATABASE_NAME): CongDanSoDb {
  const db = new Dexie(name) as CongDanSoDb;
  db.version(1).stores({
    villages: 'id, name',
    // Booleans cannot be indexed in IndexedDB, so `deleted` is filtered in memory after the village index.
    households: 'id, villageId',
    persons: 'id, villageId, householdId',
    visits: 'id, villageId, householdId',
    outbox: '++seq, mutationId, recordId, state',
    householdSearch: 'householdId, villageId',
    meta: 'key',
  });
  // The sync engine counts pending entries per village after every pushed batch: with this index
  // IndexedDB counts them itself instead of the engine reading each entry (a 10,000-change backlog).
  db.version(2).stores({
    outbox: '++seq, mutationId, recordId, state, [state+villageId]',
  });
  return db;
}
