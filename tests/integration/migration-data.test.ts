// Migrations that carry data forward ([M1] in docs/api.md): a commune server that already holds records
// written before the indicator totals (2026-11-22-zz1-indicator-counters.sql) and before the per-version
// metadata (2026-11-22-zz2-field-meta-per-version.sql) is upgraded in place. Its records keep every
// field's stamp, and the new totals agree with the shared module over the same records. Its visits, written
// before they had a history (2026-11-22-zz7-visit-history.sql), get what of it can be known.
import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/server/db/database';
import { householdHistory } from '../../src/server/audit/history';
import { migrate } from '../../src/server/db/migrate';
import { openPglite } from '../../src/server/db/pglite';
import { countIndicatorsByVillage } from '../../src/server/indicators/count-sql';
import { writePending } from '../../src/server/sync/batch-write';
import { loadRecords, type FieldMeta, type StoredRecord } from '../../src/server/sync/records';
import { generateDemoVillage } from '../../src/shared/demoData';
import { countVillageIndicators } from '../../src/shared/indicators';
import type { Entity } from '../../src/shared/statuses';
import type { Household, Person, Visit } from '../../src/shared/types';
import { backends } from './helpers/backends';

const MIGRATIONS = fileURLToPath(new URL('../../src/server/db/migrations/', import.meta.url));
const UPGRADES = ['2026-11-22-zz1-indicator-counters.sql', '2026-11-22-zz2-field-meta-per-version.sql'];
const COMMUNE = 'commune-1';
const VILLAGE = 'village-1';
const USER = 'user-1';

/** Runs the migrations whose names sort up to `last` (inclusive), as a server of that day would. */
async function migrateUpTo(db: Database, last: string): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'cds-migrations-'));
  try {
    for (const name of readdirSync(MIGRATIONS).filter((file) => file.endsWith('.sql') && file <= last)) cpSync(join(MIGRATIONS, name), join(dir, name));
    return await migrate(db, `${dir}/`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function stamp(v: number, device: string): FieldMeta {
  return { v, ct: `2026-10-0${v}T01:00:00.000Z`, st: `2026-10-0${v}T02:00:00.000Z`, m: randomUUID(), d: device };
}

function stored(entity: Entity, record: { id: string; villageId: string; updatedAt: string } & Record<string, unknown>): StoredRecord {
  const { id, villageId, version: _version, deleted: _deleted, updatedAt, ...fields } = record;
  const created = stamp(1, 'phone-a');
  return {
    entity, id, communeId: COMMUNE, villageId, version: 1, deleted: false, updatedAt, changeSeq: 0,
    fieldMeta: Object.fromEntries(Object.keys(fields).map((field) => [field, created])), fields,
  };
}

describe.each(backends)('upgrading a database that holds records, on $name', (backend) => {
  let db: Database;
  let countsBeforeSecondUpgrade: Awaited<ReturnType<typeof countIndicatorsByVillage>>;
  const village = generateDemoVillage({ seed: 11, villageId: VILLAGE, households: 60, year: 2026, newId: randomUUID, updatedAt: '2026-10-01T02:00:00.000Z' });
  const records: StoredRecord[] = [
    ...village.households.map((h) => stored('household', h as unknown as Household & Record<string, unknown>)),
    ...village.persons.map((p) => stored('person', p as unknown as Person & Record<string, unknown>)),
    ...village.visits.map((v) => stored('visit', v as unknown as Visit & Record<string, unknown>)),
  ];

  beforeAll(async () => {
    // An empty database (the PGlite backend hands out already-migrated ones).
    db = backend.name === 'pglite' ? await openPglite() : await backend.open();
    await migrateUpTo(db, '2026-11-22-zz-sync-indexes.sql');
    await db.query(`INSERT INTO communes (id) VALUES ($1)`, [COMMUNE]);
    await db.query(`INSERT INTO villages (id, commune_id, name, expected_households) VALUES ($1, $2, 'Thôn Một', 80)`, [VILLAGE, COMMUNE]);
    await db.query(`INSERT INTO users (id, commune_id, username, password_hash, role) VALUES ($1, $2, 'lan', 'x', 'member')`, [USER, COMMUNE]);
    await db.transaction((tx) => writePending(tx, records.map((record) => ({ record, isNew: true })), USER));
    // A second version on some persons: their edited fields carry another stamp than the rest.
    const edited = records.filter((r) => r.entity === 'person').slice(0, 40).map((record, i) => {
      const second = stamp(2, 'phone-b');
      const changes = i % 2 === 0 ? { vneid: 'level2', smartphone: 'own' } : { residency: 'moved' };
      record.version = 2;
      record.updatedAt = '2026-10-05T00:00:00.000Z';
      record.fields = { ...record.fields, ...changes };
      record.fieldMeta = { ...record.fieldMeta, ...Object.fromEntries(Object.keys(changes).map((field) => [field, second])) };
      return { record, isNew: false };
    });
    // And on a few visits: zz7 has no creation to rebuild for them.
    const editedVisits = records.filter((r) => r.entity === 'visit').slice(0, 3).map((record) => {
      const second = stamp(2, 'phone-b');
      record.version = 2;
      record.fields = { ...record.fields, note: 'Đã hẹn quay lại' };
      record.fieldMeta = { ...record.fieldMeta, note: second };
      return { record, isNew: false };
    });
    await db.transaction((tx) => writePending(tx, [...edited, ...editedVisits], USER));
    // What the server wrote before the upgrade: every field with its whole stamp.
    for (const table of ['households', 'persons', 'visits']) {
      await db.exec(`UPDATE ${table} SET field_meta = (
        SELECT COALESCE(jsonb_object_agg(f.key, (field_meta -> 's' -> (f.value #>> '{}'))  || jsonb_build_object('v', f.value)), '{}'::jsonb)
        FROM jsonb_each(field_meta -> 'f') f)`);
    }
    const [sample] = await db.query<{ field_meta: Record<string, FieldMeta> }>(`SELECT field_meta FROM persons LIMIT 1`);
    expect(Object.values(sample.field_meta)[0]).toHaveProperty('v');

    // One upgrade at a time: the second rewrites every row, which would also mend missing totals.
    expect(await migrateUpTo(db, UPGRADES[0])).toEqual([UPGRADES[0]]);
    countsBeforeSecondUpgrade = await countIndicatorsByVillage(db, COMMUNE, [{ id: VILLAGE, expectedHouseholds: 80 }], '2026-11-22');
    expect(await migrate(db)).toContain(UPGRADES[1]);
  });
  afterAll(() => db?.close());

  it('every record keeps the stamp of each of its fields', async () => {
    for (const entity of ['household', 'person', 'visit'] as const) {
      const expected = records.filter((r) => r.entity === entity);
      const loaded = new Map((await loadRecords(db, entity, expected.map((r) => r.id))).map((r) => [r.id, r]));
      for (const record of expected) expect(loaded.get(record.id)?.fieldMeta).toEqual(record.fieldMeta);
    }
  });

  it('the new running totals give the shared module figures for the records already there', async () => {
    const people = records.filter((r) => r.entity === 'person').map((r) => ({ ...r.fields, deleted: false }) as unknown as Person);
    const households = records.filter((r) => r.entity === 'household').map((r) => ({ id: r.id, ...r.fields, deleted: false }) as unknown as Household);
    const visits = records.filter((r) => r.entity === 'visit').map((r) => ({ ...r.fields, deleted: false }) as unknown as Visit);
    const phone = (asOf: string) => countVillageIndicators({ households, persons: people, visits, expectedHouseholds: 80 }, asOf);
    expect(countsBeforeSecondUpgrade.get(VILLAGE)).toEqual(phone('2026-11-22'));
    for (const asOf of ['2026-11-22', '2027-01-01']) {
      const server = await countIndicatorsByVillage(db, COMMUNE, [{ id: VILLAGE, expectedHouseholds: 80 }], asOf);
      expect(server.get(VILLAGE)).toEqual(phone(asOf));
    }
  });

  it('visits written before their history (zz7): one still at version 1 has its creation recorded as the trigger would; one changed since has none', async () => {
    const rows = await db.query<{ record_id: string; action: string; version: number; user_id: string; mutation_id: string; new_values: Record<string, unknown> }>(
      `SELECT record_id, action, version, user_id, mutation_id, new_values FROM record_history WHERE entity = 'visit'`,
    );
    const visits = records.filter((r) => r.entity === 'visit');
    const unchanged = visits.filter((v) => v.version === 1);
    expect(unchanged.length).toBeGreaterThan(0);
    expect(rows.map((row) => row.record_id).sort()).toEqual(unchanged.map((v) => v.id).sort());
    for (const visit of unchanged) {
      const row = rows.find((r) => r.record_id === visit.id)!;
      expect(row).toMatchObject({ action: 'create', version: 1, user_id: USER, mutation_id: visit.fieldMeta.visitedOn.m });
      expect(row.new_values).toMatchObject({ household_id: visit.fields.householdId, visited_on: visit.fields.visitedOn });
    }
    // Written by the migration, these rows have the newest ids; a household's history is still by time.
    const editedPersons = new Set(records.filter((r) => r.entity === 'person' && r.version === 2).map((r) => String(r.fields.householdId)));
    const household = unchanged.map((v) => String(v.fields.householdId)).find((id) => editedPersons.has(id))!;
    const entries = await householdHistory(db, COMMUNE, household);
    expect(entries[0]).toMatchObject({ entity: 'person', action: 'update', at: '2026-10-05T00:00:00.000Z' });
    expect(entries.map((e) => e.at)).toEqual([...entries.map((e) => e.at)].sort().reverse());
  });

  it('refuses a record whose village belongs to another commune (one composite check since zz3)', async () => {
    await db.query(`INSERT INTO communes (id) VALUES ('commune-2')`);
    const [household] = records.filter((r) => r.entity === 'household');
    const stray = { ...household, id: randomUUID(), communeId: 'commune-2' };
    await expect(db.transaction((tx) => writePending(tx, [{ record: stray, isNew: true }], USER))).rejects.toThrow(/households_village_commune_fkey/);
  });
});
