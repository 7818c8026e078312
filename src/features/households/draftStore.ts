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

/** Moves a draft to another key, unless one is there already (the typing of that form is kept). */
export function moveDraft(from: string, to: string): void {
  const storage = globalThis.localStorage;
  const value = storage?.getItem(from);
  if (!storage || value === null || value === undefined || storage.getItem(to) !== null) return;
  storage.setItem(to, value);
  storage.removeItem(from);
}

/** The keys of every unsaved form on this phone. */
export function draftKeys(): string[] {
  const storage = globalThis.localStorage;
  if (!storage) return [];
  const keys: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key?.startsWith(PREFIX)) keys.push(key);
  }
  return keys;
}

/**
 * Signing out: what was typed and not saved goes with the account's data, so the next user of a shared
 * phone does not find it in their forms.
 */
export function clearAllDrafts(): void {
  for (const key of draftKeys()) clearDraft(key);
}

/** The households with a form typed and not saved: their household form or their visit form. */
export function householdsWithDrafts(): Set<string> {
  // A key is cds.draft.<form>.<household id or "new.<village id>">.
  return new Set(draftKeys().map((key) => key.slice(PREFIX.length).split('.').slice(1).join('.')));
}

/** How many households have a form typed and not saved (a household's form and its visit form count once). */
export function unsavedHouseholdCount(): number {
  return householdsWithDrafts().size;
}
