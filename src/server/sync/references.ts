// [PU8] The fields that name another record, and what the record they name must be: in the same commune
// and village as the record pointing at it, and not deleted (a household removed on another phone; a
// person removed from the register, or erased on request [DS2]). A person or visit linked to a deleted
// household would still be counted in the indicators while no list shows it. Checked for a push's mutations (decide.ts) and for a value a
// reviewer chooses (conflicts.ts), each finding the named record its own way.
import type { Entity } from '../../shared/statuses';
import { AppError } from '../http/app-error';
import type { RecordPlace } from './working-set';

/** Field → the entity it names: a person's household; a visit's household and person. */
export const REFERENCE_FIELDS: Partial<Record<Entity, Readonly<Record<string, Entity>>>> = {
  person: { householdId: 'household' },
  visit: { householdId: 'household', personId: 'person' },
};

/** Throws the reference error for `field`, unless `place` (undefined: no such record) may be named there. */
export function checkReferencePlace(field: string, place: RecordPlace | undefined, communeId: string, villageId: string): void {
  if (!place || place.communeId !== communeId) throw new AppError('REFERENCE_NOT_FOUND', { [field]: 'notFound' });
  if (place.villageId !== villageId) throw new AppError('REFERENCE_OTHER_VILLAGE', { [field]: 'otherVillage' });
  // A phone that has not yet heard of a removal or an erasure cannot link to the record again.
  if (place.deleted) throw new AppError('REFERENCE_DELETED', { [field]: 'deleted' });
}
