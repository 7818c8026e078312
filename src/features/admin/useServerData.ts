// Loading one server answer for a screen: the value, the error key to show, and a reload after a change.
// Admin screens read live server state (accounts, sessions, the audit trail), never a cached copy.
import { useCallback, useEffect, useState } from 'react';
import { errorKey } from '../serverRequest';

export interface ServerData<T> {
  value: T | undefined;
  /** The i18n key of the failure (`errors.<code>` or `onlineErrors.<code>`), or null. */
  error: string | null;
  loading: boolean;
  reload: () => void;
}

/** The i18n key of a failure (serverRequest.ts errorKey). */
export function errorCodeKey(error: unknown): string {
  return errorKey(error);
}

export function useServerData<T>(load: () => Promise<T>, deps: readonly unknown[]): ServerData<T> {
  const [state, setState] = useState<{ value: T | undefined; error: string | null; loading: boolean }>({ value: undefined, error: null, loading: true });
  const [round, setRound] = useState(0);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- `load` is rebuilt every render; deps say when it changes.
  const stableLoad = useCallback(load, deps);
  useEffect(() => {
    let current = true;
    setState((previous) => ({ ...previous, loading: true }));
    stableLoad().then(
      (value) => current && setState({ value, error: null, loading: false }),
      (error: unknown) => current && setState((previous) => ({ value: previous.value, error: errorCodeKey(error), loading: false })),
    );
    return () => {
      current = false;
    };
  }, [stableLoad, round]);
  return { ...state, reload: () => setRound((n) => n + 1) };
}
