// Fills a new local village with generated demo data. The records get no outbox entries on purpose:
// demo data must never be sent to a commune server.
import { generateDemoVillage } from '../shared/demoData';
import { currentYearInVietnam } from '../shared/dates';
import { foldVietnamese } from '../shared/text';
import type { CongDanSoDb } from './database';
import { META_KEYS, setMeta } from './meta';
import { browserDeps, type RepositoryDeps } from './repository';

export async function seedDemoVillage(db: CongDanSoDb, households: number, seed = 57, deps: RepositoryDeps = browserDeps): Promise<{ villageId: string; persons: number }> {
  const villageId = deps.newId();
  const data = generateDemoVillage({ seed, villageId, households, year: currentYearInVietnam(deps.now()), newId: deps.newId, updatedAt: deps.now().toISOString() });
  const namesByHousehold = new Map<string, string[]>();
  for (const person of data.persons) {
    namesByHousehold.set(person.householdId, [...(namesByHousehold.get(person.householdId) ?? []), person.fullName]);
  }
  await db.transaction('rw', [db.villages, db.households, db.persons, db.visits, db.householdSearch, db.meta], async () => {
    await db.villages.put({ id: villageId, name: `Thôn Mẫu ${seed} (dữ liệu thử)`, expectedHouseholds: Math.round(households * 1.05) });
    await db.households.bulkPut(data.households);
    await db.persons.bulkPut(data.persons);
    await db.visits.bulkPut(data.visits);
    await db.householdSearch.bulkPut(
      data.households.map((h) => ({
        householdId: h.id,
        villageId,
        text: foldVietnamese([h.headName, h.address, h.phone ?? '', ...(namesByHousehold.get(h.id) ?? [])].join(' ')),
      })),
    );
    await setMeta(db, META_KEYS.selectedVillageId, villageId);
  });
  return { villageId, persons: data.persons.length };
}
