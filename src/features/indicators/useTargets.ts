// The commune's targets on the phone: the last ones the server gave (kept for offline use), refreshed
// when a screen that shows them opens; DEFAULT_TARGETS before any are known (or without a server).
import { useEffect } from 'react';
import { db } from '../../db/appDb';
import { currentSession, SERVER_CACHE_KEYS, useCached, writeCache } from '../../db/serverCache';
import { DEFAULT_TARGETS, type IndicatorKey } from '../../shared/indicators';
import { serverApi } from './serverApi';

export type Targets = Record<IndicatorKey, number>;

export async function refreshTargets(): Promise<Targets | null> {
  const session = await currentSession(db);
  if (!session || session.expired) return null;
  const answer = await serverApi.targets();
  await writeCache(db, SERVER_CACHE_KEYS.targets, answer.targets, session.user.id);
  return answer.targets;
}

export function useTargets(): Targets {
  const cached = useCached<Targets>(db, SERVER_CACHE_KEYS.targets);
  useEffect(() => {
    // Offline or signed out: the cached (or default) targets stay; nothing to tell the user.
    refreshTargets().catch(() => undefined);
  }, []);
  return { ...DEFAULT_TARGETS, ...(cached?.value ?? {}) };
}
