// A person erased on request ([DS2] in docs/api.md) stays on the server as a tombstone whose fields are
// placeholders: this name among them; so does a household erased whole ([DS5]). Phones recognise the
// tombstones by it and keep nothing of them (changes still waiting are dropped: the server would refuse
// them, and they hold what was erased).
export const ERASED_PERSON_NAME = '(đã xoá)';

export function isErasedPerson(record: { deleted: boolean; fullName?: unknown }): boolean {
  return record.deleted && record.fullName === ERASED_PERSON_NAME;
}

/** A household erased whole ([DS5]): a tombstone whose head and address are the placeholder. */
export function isErasedHousehold(record: { deleted: boolean; headName?: unknown; address?: unknown }): boolean {
  return record.deleted && record.headName === ERASED_PERSON_NAME && record.address === ERASED_PERSON_NAME;
}
