// The app's one sync instance. This module is part of the app shell and stays light: it holds the status
// the header shows, and loads the engine (zod, protocol validation, scheduler) on first use — at start,
// right after the household list has rendered.
import { SyncStatusStore } from './status';
import type { AppSyncRuntime } from './appSyncRuntime';

export class AppSync {
  readonly status = new SyncStatusStore();
  private runtime: Promise<AppSyncRuntime> | null = null;

  /** Loads and starts the engine once (app start); later calls return the same runtime. */
  load(): Promise<AppSyncRuntime> {
    this.runtime ??= import('./appSyncRuntime')
      .then((module) => module.startAppSync(this.status))
      .catch((error: unknown) => {
        // e.g. the chunk could not be fetched (a new deployment, no network before it was cached):
        // forget the failure so the next trigger tries again.
        this.runtime = null;
        throw error;
      });
    return this.runtime;
  }

  /** "Đồng bộ ngay". */
  async syncNow(): Promise<void> {
    await (await this.load()).syncNow();
  }
}

export const appSync = new AppSync();
