// State a screen keeps while the user visits another screen and comes back: the household list's search,
// filter and paging after opening a household and pressing Back. Kept in memory for the app's lifetime
// (not across a reload), keyed by screen and village so another village starts afresh. A tap on the
// screen's tab in the bottom bar opens it afresh (forgetRemembered).
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

/** Forgets what screens keep under keys starting with `prefix` (their next opening starts afresh). */
export function forgetRemembered(prefix: string): void {
  for (const key of [...remembered.keys()]) if (key.startsWith(prefix)) remembered.delete(key);
}
