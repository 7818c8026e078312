// Which fields a save changed, as carried by an outbox entry. Pure, so it is unit-tested without a database.

/** Field values equal for sync purposes (arrays such as visit.helpedWith compare by content). */
function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => item === b[i]);
  return a === b;
}

/**
 * The fields of `after` that differ from `before`; a field present before and absent after becomes
 * `null` (JSON has no `undefined`, and the protocol clears optional fields with `null`).
 * `before` undefined means a new record: every defined field is a change.
 */
export function changedFields(
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown>,
  keys: readonly string[],
): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const key of keys) {
    const next = after[key];
    const previous = before?.[key];
    if (next === undefined) {
      if (previous !== undefined) changes[key] = null;
    } else if (!sameValue(previous, next)) {
      changes[key] = next;
    }
  }
  return changes;
}

/** Drops blank optional text so that "" and "absent" are one state (nothing to sync, nothing to show). */
export function withoutBlankText<T extends object>(fields: T): T {
  const cleaned: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === 'string' && value.trim() === '') continue;
    cleaned[key] = value;
  }
  return cleaned as T;
}
