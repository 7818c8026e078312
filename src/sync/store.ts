// What the sync engine needs from the phone's database, as an interface: the engine (and the service
// worker's copy of it) runs against src/db/syncStore.ts, which does each step in one Dexie transaction.
import type { Mutation, MutationResult, PullChange } from '../shared/protocol';
import type { ServerVillage } from './api';
import type { StoredSession } from './session';

/** An outbox entry ready to push; `seq` is its place in the queue (creation order). */
export interface QueuedMutation {
  seq: number;
  mutation: Mutation;
}

export interface SyncStore {
  getSession(): Promise<StoredSession | null>;
  /** Marks the session expired (401), keeping the token's user so the login screen can offer it. */
  markSessionExpired(code: string): Promise<void>;
  /** This phone's stable id (made once, kept across logins): the server tells devices apart with it. */
  deviceId(): Promise<string>;

  /** Pending (not parked) entries of these villages. */
  countPending(villageIds: readonly string[]): Promise<number>;
  /** The oldest `limit` pending entries of these villages, in creation order. */
  pendingBatch(villageIds: readonly string[], limit: number): Promise<QueuedMutation[]>;
  /**
   * In one transaction: applied/duplicate/conflict → the entry is deleted and its record takes the
   * server's version; rejected → the entry is parked with its error. `results[i]` answers `batch[i]`.
   */
  applyPushResults(batch: readonly QueuedMutation[], results: readonly MutationResult[]): Promise<void>;
  /** Parks one entry (e.g. a mutation the server cannot take even alone). */
  park(seq: number, error: { code: string; message: string }): Promise<void>;

  getCursor(): Promise<string | null>;
  /**
   * In one transaction: stores the records (re-applying unsent local changes on top), their search
   * text and the new cursor.
   */
  applyPullPage(changes: readonly PullChange[], cursor: string): Promise<void>;
  /** After a pull that restarted from the beginning: keep only these villages (and local-only work). */
  replaceVillages(villages: readonly ServerVillage[]): Promise<void>;
  setLastSyncAt(iso: string): Promise<void>;
}
