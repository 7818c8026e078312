// Telling "the browser's storage is full" apart from other failed saves, so the form can say what to do.
// Browsers report it as a DOMException named QuotaExceededError; Dexie rethrows it as its own error of
// the same name with the original as `inner` (and some engines wrap it in an AbortError of the
// transaction, the quota error then being the transaction's `error`).
export function isStorageFull(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth += 1) {
    const named = current as { name?: unknown; inner?: unknown; error?: unknown };
    if (named.name === 'QuotaExceededError') return true;
    current = named.inner ?? named.error;
  }
  return false;
}
