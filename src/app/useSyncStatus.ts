// The sync status for React, from the light store in the app shell (the engine itself loads lazily).
import { useSyncExternalStore } from 'react';
import { appSync } from '../sync/appSync';
import type { SyncStatus } from '../sync/status';

export function useSyncStatus(): SyncStatus {
  return useSyncExternalStore(appSync.status.subscribe, appSync.status.get);
}
