// What the screens show about sync: a tiny observable value, free of Dexie, zod and the engine, so the
// header badge can read it from the app shell while the engine itself loads lazily.
import type { SyncErrorCode } from './errorCodes';

export type SyncPhase = 'idle' | 'pushing' | 'pulling' | 'error' | 'offline';

export interface SyncStatus {
  phase: SyncPhase;
  /** Mutations sent in this run, of how many were waiting when it started. */
  sent: number;
  toSend: number;
  /** Records received in this run. */
  received: number;
  /** The error of the last run that failed (null after a run that succeeded). */
  errorCode: SyncErrorCode | null;
  /** When the engine will try again by itself after a failure (epoch ms), if it will. */
  retryAt: number | null;
  /** Changes the last run sent that someone else had also changed (they wait for a village head's review). */
  conflicts: number;
}

export const IDLE_STATUS: SyncStatus = { phase: 'idle', sent: 0, toSend: 0, received: 0, errorCode: null, retryAt: null, conflicts: 0 };

type Listener = (status: SyncStatus) => void;

/** Holds the latest status and tells subscribers (React's useSyncExternalStore) when it changes. */
export class SyncStatusStore {
  private status: SyncStatus = IDLE_STATUS;
  private readonly listeners = new Set<Listener>();

  get = (): SyncStatus => this.status;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  update(patch: Partial<SyncStatus>): void {
    this.status = { ...this.status, ...patch };
    for (const listener of this.listeners) listener(this.status);
  }
}
