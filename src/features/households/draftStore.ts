// "Nothing typed is ever lost": an unsaved form is copied to localStorage as the user types, so a
// reload, an app update, a phone call or a killed tab brings it back. localStorage (synchronous) is used
// rather than IndexedDB so the copy is written even when the page is being torn down.
const PREFIX = 'cds.draft.';

export function draftKey(kind: string, id: string): string {
  return `${PREFIX}${kind}.${id}`;
}

export function loadDraft<T>(key: string): T | null {
  try {
    const raw = globalThis.localStorage?.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

export function saveDraft(key: string, value: unknown): void {
  try {
    globalThis.localStorage?.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full: the form itself still holds the values; nothing else to do here.
  }
}

export function clearDraft(key: string): void {
  globalThis.localStorage?.removeItem(key);
}
