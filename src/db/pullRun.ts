// What one pull run (the pages of one sync, in order) needs to remember to decide, per household, whether
// its stored search entry must be rebuilt after a page.
//
// The household search store is a cache: an entry, where present, is exact (every writer keeps it so),
// and a household without one gets its text computed from the village's records when the village is
// read (villageLive.ts). So in a village that held nothing when the run first met it, the
// run writes no search entry at all: none exists there to go stale. Measured on a first download of a
// 50,000-person commune (74,978 records) in Chromium: writing them — ~26,000 puts for 14,700 households,
// most households twice because their members arrive in later pages than they do — cost ~1.2 s of the
// page's CPU and ~1.3 s of the browser's IndexedDB work, a fifth of each.
//
// Elsewhere the entries of the households a page touches are rebuilt from the database, as before: in
// villages that held records, for pages applied without a run, and for the rest of a run once a save on
// this phone (it adds an outbox entry, so the outbox's highest seq moves) may have written an entry the
// run does not know about.
import type { Household, Person } from '../shared/types';

export class PullRun {
  /** Village id → true when nothing of it was stored when the run began. */
  private readonly villages: ReadonlyMap<string, boolean>;
  /** Households of fresh villages stored by this run (so they have no search entry unless rebuilt). */
  private readonly freshHouseholds = new Set<string>();
  /** Where each person this run stored belongs now, to notice a move between households. */
  private readonly personHousehold = new Map<string, string>();
  /** Households whose entry this run rebuilt from the database: it exists now and must be kept exact. */
  private readonly rebuilt = new Set<string>();
  private valid = true;
  /** Changes this run put back in the outbox because the phone held newer than the restored server. */
  recoveredChanges = 0;

  /**
   * @param villages village id → whether the phone held no household and no person of it
   * @param outboxTop the outbox's highest seq (null: empty), read in the same transaction
   * @param restored the run follows a restore of the server's database: what the phone holds newer is
   * sent back (restoreRecovery.ts)
   */
  constructor(villages: ReadonlyMap<string, boolean>, private readonly outboxTop: number | null, readonly restored = false) {
    this.villages = villages;
  }

  /**
   * Called inside each page's transaction with the outbox's highest seq: a different value than when the
   * run began means something was saved on the phone meanwhile (with its own search entry).
   */
  checkOutbox(top: number | null): void {
    if (top !== this.outboxTop) this.valid = false;
  }

  private fresh(villageId: string): boolean {
    return this.valid && this.villages.get(villageId) === true;
  }

  /**
   * Whether the caller must look up which household a pulled person of this village was stored in before
   * (and pass it to `note`): in a village that held records when the run began, a person may have moved
   * household since, and the household they left needs its search entry rebuilt without their name. In
   * one that was empty, every stored person came from this run, which remembers where.
   */
  mustReadPreviousHousehold(villageId: string): boolean {
    return this.villages.get(villageId) !== true;
  }

  /**
   * A household or person as written; returns the households whose stored search entry must be rebuilt.
   * `storedHouseholdId`: the person's household before this page, when mustReadPreviousHousehold said so.
   */
  note(entity: 'household' | 'person' | 'visit', record: Household | Person, storedHouseholdId?: string): string[] {
    if (entity === 'household') {
      const { id } = record as Household;
      if (this.fresh(record.villageId) && !this.rebuilt.has(id)) {
        this.freshHouseholds.add(id);
        return [];
      }
      return this.rebuild([id]);
    }
    if (entity !== 'person') return [];
    const person = record as Person;
    // The stored record when it was read (it also reflects a save on the phone since the last page).
    const previous = storedHouseholdId ?? this.personHousehold.get(person.id);
    const touched = previous !== undefined && previous !== person.householdId ? [person.householdId, previous] : [person.householdId];
    // Where the person is now, whatever the village: a later page may move them again.
    this.personHousehold.set(person.id, person.householdId);
    if (!this.fresh(person.villageId)) return this.rebuild(touched);
    // A household not (yet) stored by this run may be one with an entry (a record from a bad server
    // pointing at another village's household), and one the run rebuilt has an entry: rebuilt.
    return this.rebuild(touched.filter((householdId) => !this.freshHouseholds.has(householdId) || this.rebuilt.has(householdId)));
  }

  private rebuild(householdIds: string[]): string[] {
    for (const id of householdIds) this.rebuilt.add(id);
    return householdIds;
  }
}
