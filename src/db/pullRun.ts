// What one pull run (the pages of one sync, in order) has written, kept in memory so that the search text
// of a household can be computed without reading it back from IndexedDB.
//
// Why: a first download brings a whole commune (≈ 60,000 records). Rebuilding each touched household's
// search text from the database took one indexed read per household per page — as long as writing the
// records themselves. In a village that held nothing when the run first met it, every household and
// person on the phone came from this run's pages, so their names are already known here.
//
// When that stops being true the run is invalidated and every page falls back to reading the database:
// a save on this phone during the run (it adds an outbox entry, so the outbox's highest seq moves), or
// villages replaced in the middle of the run (the engine then starts a new run).
import type { Household, Person } from '../shared/types';
import { householdSearchText } from './searchText';

type SearchFields = Pick<Household, 'villageId' | 'headName' | 'address' | 'phone' | 'deleted'>;

interface KnownHousehold {
  household?: SearchFields;
  /** Person id → full name, or null once deleted (or moved to another household). */
  members: Map<string, string | null>;
}

export type SearchUpdate = { kind: 'put'; villageId: string; text: string } | { kind: 'delete' };

export class PullRun {
  /** Village id → true when nothing of it was stored when the run began. */
  private readonly villages: ReadonlyMap<string, boolean>;
  private readonly households = new Map<string, KnownHousehold>();
  /** Where each person of a fresh village currently belongs, to notice a move between households. */
  private readonly personHousehold = new Map<string, string>();
  /** Households that met a record from outside a fresh village: always read from the database. */
  private readonly unknowable = new Set<string>();
  private valid = true;

  /**
   * @param villages village id → whether the phone held no household and no person of it
   * @param outboxTop the outbox's highest seq (null: empty), read in the same transaction
   */
  constructor(villages: ReadonlyMap<string, boolean>, private readonly outboxTop: number | null) {
    this.villages = villages;
  }

  /**
   * Called inside each page's transaction with the outbox's highest seq: a different value than when the
   * run began means something was saved on the phone meanwhile, which this run's memory does not hold.
   */
  checkOutbox(top: number | null): void {
    if (top !== this.outboxTop) this.invalidate();
  }

  private fresh(villageId: string): boolean {
    return this.valid && this.villages.get(villageId) === true;
  }

  private known(householdId: string): KnownHousehold {
    let entry = this.households.get(householdId);
    if (!entry) this.households.set(householdId, (entry = { members: new Map() }));
    return entry;
  }

  /** Remembers a household as written; returns the households whose search text it changes. */
  noteHousehold(household: Household): string[] {
    if (this.fresh(household.villageId)) {
      const { villageId, headName, address, phone, deleted } = household;
      this.known(household.id).household = { villageId, headName, address, phone, deleted };
    } else {
      // Not from a fresh village: what memory holds about it is no longer the whole truth.
      this.unknowable.add(household.id);
    }
    return [household.id];
  }

  /** Remembers a person as written; returns the households whose search text it changes. */
  notePerson(person: Person): string[] {
    const touched = [person.householdId];
    const previous = this.personHousehold.get(person.id);
    if (previous !== undefined && previous !== person.householdId) {
      this.households.get(previous)?.members.set(person.id, null);
      touched.push(previous);
    }
    if (this.fresh(person.villageId)) {
      this.known(person.householdId).members.set(person.id, person.deleted ? null : person.fullName);
      this.personHousehold.set(person.id, person.householdId);
    } else {
      this.personHousehold.delete(person.id);
      this.unknowable.add(person.householdId);
    }
    return touched;
  }

  /**
   * The household's search entry from memory, or undefined when memory cannot tell (the household was not
   * written by this run in a fresh village): then the caller reads the database.
   */
  searchUpdate(householdId: string): SearchUpdate | undefined {
    const entry = this.households.get(householdId);
    if (this.unknowable.has(householdId) || !entry?.household || !this.fresh(entry.household.villageId)) return undefined;
    if (entry.household.deleted) return { kind: 'delete' };
    const members = [...entry.members].flatMap(([id, fullName]) => (fullName === null ? [] : [{ id, fullName }]));
    return { kind: 'put', villageId: entry.household.villageId, text: householdSearchText(entry.household, members) };
  }

  private invalidate(): void {
    this.valid = false;
    this.households.clear();
    this.personHousehold.clear();
    this.unknowable.clear();
  }
}
