// State a screen keeps while the user visits another screen and comes back: the household list's search,
// filter and paging after opening a household and pressing Back. Kept in memory for the app's lifetime
// (not across a reload), keyed by screen and village so another village starts afresh.
import { useCallback, useState } from 'react';

const remembered = new Map<string, unknown>();

/** useState that outlives the screen's unmount under `key`; a null key remembers nothing (plain state). */
export function useRememberedState<T>(key: string | null, initial: T): [T, (next: T) => void] {
  const [value, setValue] = useState<T>(() => (key !== null && remembered.has(key) ? (remembered.get(key) as T) : initial));
  const set = useCallback(
    (next: T) => {
      if (key !== null) remembered.set(key, next);
      setValue(next);
    },
    [key],
  );
  return [value, set];
}
