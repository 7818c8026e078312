// Writes of the register. Every save writes the records and their outbox entries in ONE transaction:
// either the phone has the change and knows it must send it, or it has neither (never a record the sync
// engine does not know about, never an outbox entry for a record that was not written).
import { bornAfterThisYear, CONSENT_FIELDS, householdFieldsSchema, personFieldsAnyYearSchema, personFieldsSchema, visitFieldsSchema } from '../shared/schemas';
import type { Entity } from '../shared/statuses';
import type { Household, HouseholdFields, Person, PersonFields, SyncMeta, Visit, VisitFields } from '../shared/types';
import type { CongDanSoDb, OutboxEntry } from './database';
import { changedFields, withoutBlankText } from './changes';
import { householdSearchText } from './searchText';
import { newRecordId } from '../shared/ids';

/** Injected so tests control time and identifiers (architecture.md, practice 8). */
export interface RepositoryDeps {
  now: () => Date;
  newId: () => string;
}

export const browserDeps: RepositoryDeps = {
  now: () => new Date(),
  newId: newRecordId,
};

export type MemberDraft = Omit<PersonFields, 'householdId'> & { id?: string };

/**
 * The household and members as the form showed them when it opened: what the user's edit is based on.
 * Between opening and saving, a sync may bring others' changes (or a draft may be restored days later);
 * with the base, a save writes only what the user changed since, and removes only members the user saw.
 */
export interface HouseholdBase {
  household: Household | null;
  members: Person[];
}

export interface HouseholdDraft {
  /** Absent for a new household. */
  id?: string;
  villageId: string;
  fields: HouseholdFields;
  /** The roster after the edit: members of the base missing from it are removed. */
  members: MemberDraft[];
  /** Without a base, the form is the whole truth: every field as the form holds it, the whole roster. */
  base?: HouseholdBase;
}

export class InvalidRecordError extends Error {
  constructor(readonly issues: { path: (string | number)[]; message: string }[]) {
    super('invalid record');
  }
}

const TABLE_OF: Record<Entity, 'households' | 'persons' | 'visits'> = {
  household: 'households',
  person: 'persons',
  visit: 'visits',
};

const HOUSEHOLD_KEYS = Object.keys(householdFieldsSchema.shape);
const PERSON_KEYS = Object.keys(personFieldsSchema.shape);
const VISIT_KEYS = Object.keys(visitFieldsSchema.shape);

function parseOrThrow<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, value: unknown, pathPrefix: (string | number)[]): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new InvalidRecordError(
    result.error.issues.map((issue) => ({
      path: [...pathPrefix, ...issue.path.map((p) => (typeof p === 'number' ? p : String(p)))],
      message: issue.message,
    })),
  );
}

/**
 * A record's fields after the user's edit: the stored fields with what the user changed since `seen` (the
 * record as the form showed it) laid on top, so a field the user left alone keeps whatever a sync brought
 * meanwhile. Without `seen` (a new record, or no base) or without a stored record, the edit is the whole
 * record.
 */
function applyEdit<F extends object>(
  stored: object | undefined,
  seen: object | undefined,
  edited: F,
  keys: readonly string[],
  schema: { safeParse(value: unknown): { success: boolean } },
  together: readonly (readonly string[])[] = [],
): F {
  if (!stored || !seen) return edited;
  const result: Record<string, unknown> = {};
  for (const key of keys) if ((stored as Record<string, unknown>)[key] !== undefined) result[key] = (stored as Record<string, unknown>)[key];
  const changed = new Set(Object.keys(changedFields(seen as Record<string, unknown>, edited as Record<string, unknown>, keys)));
  // Fields that are one fact (consent: given, when, by whom) are taken whole from the user's edit.
  for (const group of together) if (group.some((key) => changed.has(key))) for (const key of group) changed.add(key);
  for (const key of changed) {
    const value = (edited as Record<string, unknown>)[key];
    if (value === undefined) delete result[key];
    else result[key] = value;
  }
  // Two valid edits can make an invalid whole (a birth date from one, a birth year from the other): then
  // the user's record as the form held it is saved, and the server lists the fields both changed for review.
  return schema.safeParse(result).success ? (result as F) : edited;
}

export function createRepository(db: CongDanSoDb, deps: RepositoryDeps = browserDeps) {
  /**
   * The outbox entry of a change, or null when an upsert changes nothing. `seenVersion`: the version the
   * user's edit was based on, when older than the stored one (the server then checks the fields changed
   * since for conflicts, rule [PC1]).
   */
  function outboxEntry<R extends SyncMeta>(entity: Entity, before: R | undefined, after: R, keys: readonly string[], op: OutboxEntry['op'], seenVersion?: number): OutboxEntry | null {
    const fields = op === 'delete' ? {} : changedFields(before as Record<string, unknown> | undefined, after as unknown as Record<string, unknown>, keys);
    if (op === 'upsert' && Object.keys(fields).length === 0) return null;
    return {
      mutationId: deps.newId(),
      entity,
      recordId: after.id,
      villageId: after.villageId,
      op,
      baseVersion: Math.min(seenVersion ?? Infinity, before?.version ?? 0),
      creates: before === undefined,
      fields,
      clientTime: after.updatedAt,
      state: 'pending',
    };
  }

  /** Writes one record and, when something changed, its outbox entry. Call inside a transaction. */
  async function writeWithOutbox<R extends SyncMeta>(
    entity: Entity,
    before: R | undefined,
    after: R,
    keys: readonly string[],
    op: OutboxEntry['op'] = 'upsert',
  ): Promise<boolean> {
    const entry = outboxEntry(entity, before, after, keys, op);
    if (!entry) return false;
    await db.table(TABLE_OF[entity]).put(after);
    await db.outbox.add(entry);
    return true;
  }

  /**
   * Records and their outbox entries collected first and written with one bulk request per table, in
   * the order they were added (the outbox's order is the order changes are sent).
   */
  class WriteBatch {
    private readonly records: Record<'households' | 'persons' | 'visits', SyncMeta[]> = { households: [], persons: [], visits: [] };
    private readonly entries: OutboxEntry[] = [];

    /** A record and, when something changed, its outbox entry; false when there was nothing to write. */
    add<R extends SyncMeta>(entity: Entity, before: R | undefined, after: R, keys: readonly string[], op: OutboxEntry['op'] = 'upsert', seenVersion?: number): boolean {
      const entry = outboxEntry(entity, before, after, keys, op, seenVersion);
      if (!entry) return false;
      this.records[TABLE_OF[entity]].push(after);
      this.entries.push(entry);
      return true;
    }

    get empty(): boolean {
      return this.entries.length === 0;
    }

    async commit(): Promise<void> {
      await Promise.all([
        ...(['households', 'persons', 'visits'] as const).filter((table) => this.records[table].length > 0).map((table) => db.table(table).bulkPut(this.records[table])),
        this.entries.length > 0 ? db.outbox.bulkAdd(this.entries) : undefined,
      ]);
    }
  }

  function meta(id: string, villageId: string, existing: SyncMeta | undefined, updatedAt: string): SyncMeta {
    return { id, villageId, version: existing?.version ?? 0, deleted: false, updatedAt };
  }

  return {
    /** Saves a household and its whole roster; returns the household id. */
    async saveHousehold(draft: HouseholdDraft): Promise<string> {
      // User Timing entry "cds:save-household" (validation + transaction): what the benchmark reports.
      const started = performance.now();
      const householdId = draft.id ?? deps.newId();
      const fields = parseOrThrow(householdFieldsSchema, withoutBlankText(draft.fields), []);
      const members = draft.members.map((member, index) => {
        const { id, ...rest } = member;
        const parsed = parseOrThrow(personFieldsAnyYearSchema, withoutBlankText({ ...rest, householdId }), ['members', index]);
        return { id: id ?? deps.newId(), fields: parsed };
      });
      const updatedAt = deps.now().toISOString();

      await db.transaction('rw', [db.households, db.persons, db.outbox, db.householdSearch], async () => {
        // Two round trips in all: both reads at once, then every write at once. Each awaited request
        // costs a turn of the page's event loop, which a busy screen (re-rendering after the previous
        // save) makes long; the writes go out in the order they must be applied and sent.
        const [existing, stored] = await Promise.all([db.households.get(householdId), db.persons.where('householdId').equals(householdId).toArray()]);
        const { base } = draft;
        // A household stays in its village, whichever village the screen had selected (one opened from the
        // commune dashboard or the audit trail may be another village's): the server refuses a move.
        const villageId = existing?.villageId ?? draft.villageId;
        const writes = new WriteBatch();
        const baseHousehold = base ? (base.household ?? undefined) : existing;
        const householdFields = applyEdit(existing, baseHousehold, fields, HOUSEHOLD_KEYS, householdFieldsSchema, [CONSENT_FIELDS]);
        const householdWritten = writes.add('household', existing, { ...householdFields, ...meta(householdId, villageId, existing, updatedAt) } as Household, HOUSEHOLD_KEYS, 'upsert', baseHousehold?.version);
        const storedById = new Map(stored.map((p) => [p.id, p]));
        const baseMembers = base ? new Map(base.members.map((p) => [p.id, p])) : storedById;
        // A birth year after this year is refused where it is typed: a new member, or a year changed here.
        // One the phone holds already (a baby the server registered while this phone's clock is behind)
        // does not stop the household being saved.
        const now = deps.now();
        const laterYears = members.flatMap((member, index) =>
          bornAfterThisYear(member.fields.birthYear, now) && storedById.get(member.id)?.birthYear !== member.fields.birthYear ? [{ path: ['members', index, 'birthYear'], message: 'validation.birthYear' }] : [],
        );
        if (laterYears.length > 0) throw new InvalidRecordError(laterYears);
        const alivePersons: { id: string; fullName: string }[] = [];
        for (const member of members) {
          const before = storedById.get(member.id);
          const seen = baseMembers.get(member.id);
          const personFields = applyEdit(before, seen, member.fields, PERSON_KEYS, personFieldsAnyYearSchema);
          const written = writes.add('person', before, { ...personFields, ...meta(member.id, before?.villageId ?? villageId, before, updatedAt) } as Person, PERSON_KEYS, 'upsert', seen?.version);
          // Not written (nothing changed) leaves the stored record as it was, tombstone or not.
          if (written || !before?.deleted) alivePersons.push({ id: member.id, fullName: personFields.fullName });
        }
        const keptIds = new Set(members.map((m) => m.id));
        for (const other of stored.filter((p) => !p.deleted && !keptIds.has(p.id))) {
          // A member the user saw and took off the roster is removed; one added since (by a sync) stays.
          if (baseMembers.has(other.id)) writes.add('person', other, { ...other, deleted: true, updatedAt }, PERSON_KEYS, 'delete');
          else alivePersons.push({ id: other.id, fullName: other.fullName });
        }
        // A save that changes nothing writes nothing, its search entry included: that entry (or its absence,
        // the text then being computed when the village is read) is still right, and a pull run notices
        // the phone's saves only by the outbox growing (pullRun.ts), so an entry written now could go
        // stale when the household's members arrive in the run's next page.
        if (writes.empty) return;
        // The household's living members after this save are the roster: the search text needs no read back.
        // Unchanged fields leave a stored tombstone as it is: then it has no search entry.
        const alive = householdWritten || (existing !== undefined && !existing.deleted);
        await Promise.all([
          writes.commit(),
          alive ? db.householdSearch.put({ householdId, villageId, text: householdSearchText(householdFields, alivePersons) }) : db.householdSearch.delete(householdId),
        ]);
      });
      performance.measure('cds:save-household', { start: started, end: performance.now() });
      return householdId;
    },

    /** Removes a household entered by mistake, with its members and visits (tombstones that sync). */
    async deleteHousehold(householdId: string): Promise<void> {
      const updatedAt = deps.now().toISOString();
      await db.transaction('rw', [db.households, db.persons, db.visits, db.outbox, db.householdSearch], async () => {
        const household = await db.households.get(householdId);
        if (!household || household.deleted) return;
        const persons = await db.persons.where('householdId').equals(householdId).toArray();
        const visits = await db.visits.where('householdId').equals(householdId).toArray();
        for (const person of persons.filter((p) => !p.deleted)) {
          await writeWithOutbox('person', person, { ...person, deleted: true, updatedAt }, PERSON_KEYS, 'delete');
        }
        for (const visit of visits.filter((v) => !v.deleted)) {
          await writeWithOutbox('visit', visit, { ...visit, deleted: true, updatedAt }, VISIT_KEYS, 'delete');
        }
        await writeWithOutbox('household', household, { ...household, deleted: true, updatedAt }, HOUSEHOLD_KEYS, 'delete');
        await db.householdSearch.delete(householdId);
      });
    },

    /** Records a visit to a household (in the household's village); returns the visit id. */
    async addVisit(villageId: string, input: VisitFields): Promise<string> {
      const fields = parseOrThrow(visitFieldsSchema, withoutBlankText(input), []);
      const visitId = deps.newId();
      const updatedAt = deps.now().toISOString();
      await db.transaction('rw', [db.households, db.visits, db.outbox], async () => {
        // The server refuses a visit in another village than its household's (REFERENCE_OTHER_VILLAGE).
        const household = await db.households.get(fields.householdId);
        const visitVillageId = household?.villageId ?? villageId;
        await writeWithOutbox('visit', undefined, { ...fields, ...meta(visitId, visitVillageId, undefined, updatedAt) } as Visit, VISIT_KEYS);
      });
      return visitId;
    },

    async deleteVisit(visitId: string): Promise<void> {
      const updatedAt = deps.now().toISOString();
      await db.transaction('rw', [db.visits, db.outbox], async () => {
        const visit = await db.visits.get(visitId);
        if (!visit || visit.deleted) return;
        await writeWithOutbox('visit', visit, { ...visit, deleted: true, updatedAt }, VISIT_KEYS, 'delete');
      });
    },
  };
}

export type Repository = ReturnType<typeof createRepository>;
