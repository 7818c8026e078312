// A person erased on request ([DS2] in docs/api.md) stays on the server as a tombstone whose fields are
// placeholders: this name among them. Phones recognise the tombstone by it and keep nothing of the person
// (changes of them still waiting are dropped: the server would refuse them, and they hold what was erased).
export const ERASED_PERSON_NAME = '(đã xoá)';

export function isErasedPerson(record: { deleted: boolean; fullName?: unknown }): boolean {
  return record.deleted && record.fullName === ERASED_PERSON_NAME;
}
