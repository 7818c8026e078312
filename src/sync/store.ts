// What the sync engine needs from the phone's database, as an interface: the engine (and the service
// worker's copy of it) runs against src/db/syncStore.ts, which does each step in one Dexie transaction.
import type { Mutation, MutationResult, PullChange, RecordRef } from '../shared/protocol';
import type { ServerVillage } from './api';
import type { StoredSession } from './session';

/** A pull run as the engine holds it: only the store knows what is inside. */
export type PullRunHandle = object;

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
  /**
   * The oldest `limit` pending entries of these villages, in creation order; with `afterSeq`, only
   * entries made after that one (the engine reads the next batch while the one before is still pending).
   */
  pendingBatch(villageIds: readonly string[], limit: number, afterSeq?: number): Promise<QueuedMutation[]>;
  /**
   * In one transaction: applied/duplicate/conflict → the entry is deleted; rejected → the entry is parked
   * with its error. `results[i]` answers `batch[i]`. The records take the server's version from the pull.
   */
  applyPushResults(batch: readonly QueuedMutation[], results: readonly MutationResult[]): Promise<void>;
  /** Parks one entry (e.g. a mutation the server cannot take even alone). */
  park(seq: number, error: { code: string; message: string }): Promise<void>;

  getCursor(): Promise<string | null>;
  /**
   * Starts a pull run: what its pages write is remembered (in memory, for this run only), so that later
   * pages need not read it back. Opaque to the engine.
   */
  beginPull(options?: { restored?: boolean }): Promise<PullRunHandle>;
  /**
   * After the last page of a run. For a run that follows a restore of the server's database ([PL8],
   * `beginPull({restored: true})`, remembered until this call): queues creations of records the server no
   * longer has. Returns how many changes the run put back in the outbox (0 for any other run).
   */
  finishPull(run: PullRunHandle): Promise<number>;
  /** A pull after a restore of the server's database has begun and not finished: pull before pushing. */
  recoveringFromRestore(): Promise<boolean>;
  /**
   * In one transaction: stores the records (re-applying unsent local changes on top), their search
   * text and the new cursor. `run`: the run this page belongs to, its pages applied in order; without it
   * the page is applied on its own. `after`: the cursor this page follows; when given, the page is
   * refused (nothing written) unless that is the stored cursor — so the engine may start storing a page
   * before the one before it has committed, and a failure of that one cannot leave a gap.
   */
  applyPullPage(changes: readonly PullChange[], cursor: string, run?: PullRunHandle, after?: string | null): Promise<void>;
  /**
   * Records whose server copy the phone must fetch again ([PL7]): a change to them that the server
   * refused was discarded, and the phone's copy still shows it.
   */
  recordsToRefetch(): Promise<RecordRef[]>;
  /**
   * In one transaction: stores the server's copies (unsent local changes laid on top, as for a pulled
   * page; the cursor does not move) and takes `asked` off the records to fetch again — those the server
   * left out too (no longer in the user's villages): nothing more can be restored of them.
   */
  applyRefetched(changes: readonly PullChange[], asked: readonly RecordRef[]): Promise<void>;
  /** The commune's official name with the session (what the screens call it: xã, phường, đặc khu). */
  setCommuneName(name: string | null): Promise<void>;
  /**
   * [PL9] The names, codes and expected household counts of the phone's villages as the server has them
   * now. Adds and removes no village (a change of the village set resets the pull: replaceVillages).
   */
  refreshVillages(villages: readonly ServerVillage[]): Promise<void>;
  /** After a pull that restarted from the beginning: keep only these villages (and local-only work). */
  replaceVillages(villages: readonly ServerVillage[]): Promise<void>;
  setLastSyncAt(iso: string): Promise<void>;
}
