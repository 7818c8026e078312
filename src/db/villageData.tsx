// One live copy of the chosen village's data, shared by the household list, the follow-up list and
// the dashboard. Loaded once when the village opens and refreshed in the background after every change
// (Dexie liveQuery keeps the previous result until the new one is read), so moving between screens never
// re-reads thousands of people from IndexedDB: a village of 50,000 takes over a second to read, while
// counting its indicators from memory takes a few milliseconds.
import { createContext, useContext, type ReactNode } from 'react';
import { db } from './appDb';
import { useVillageData } from './queries';
import type { VillageData } from './villageLive';

/** Exported for component tests, which render a screen with a given state of the village's read. */
export const VillageDataContext = createContext<VillageData | undefined>(undefined);
/** Whether the last read of the chosen village failed (exported for component tests). */
export const VillageReadFailedContext = createContext(false);

export function VillageDataProvider({ villageId, children }: { villageId: string; children: ReactNode }) {
  const { data, failed } = useVillageData(db, villageId);
  return (
    <VillageDataContext.Provider value={data}>
      <VillageReadFailedContext.Provider value={failed}>{children}</VillageReadFailedContext.Provider>
    </VillageDataContext.Provider>
  );
}

/** The last read of the chosen village failed; it is retried, and VillageReadProblem says so. */
export function useVillageReadFailed(): boolean {
  return useContext(VillageReadFailedContext);
}

/** The chosen village's data; undefined until it has been read whole. */
export function useCurrentVillageData(): VillageData | undefined {
  const data = useContext(VillageDataContext);
  return data?.complete ? data : undefined;
}

/**
 * What has been read of the chosen village so far: at first its households alone (`complete: false`),
 * then everything. For the household list, which shows names before the members are read.
 */
export function useVillageDataSoFar(): VillageData | undefined {
  return useContext(VillageDataContext);
}
