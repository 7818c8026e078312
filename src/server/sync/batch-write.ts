// Writes the records a push changed: one statement per entity for new records and one for changed ones,
// instead of one per mutation (a first sync carries up to a thousand mutations; per-row statements made a
// 10,000-record push take ~8 s on PGlite). Each record is written once, in its final state; its change
// number is drawn here. The order of numbers inside one push does not matter: the push commits as a
// whole, so a pull sees all of its changes or none. Each statement answers with one count, not a row per
// record: turning thousands of returned ids into JS objects showed in a 10,000-change push's profile.
import type { Entity } from '../../shared/statuses';
import type { Queryable } from '../db/database';
import { ENTITY_DEFS, type EntityDef, type FieldColumn } from './entities';
import { packFieldMeta } from './field-meta';
import type { StoredRecord } from './records';

const SQL_TYPES: Record<FieldColumn['type'], string> = { text: 'text', int: 'integer', bool: 'boolean', date: 'date', jsonb: 'jsonb' };

export interface PendingWrite {
  record: StoredRecord;
  /** Not in the database before this push. */
  isNew: boolean;
}

function recordsetColumns(def: EntityDef): string {
  const meta = ['id text', 'commune_id text', 'village_id text', 'version integer', 'deleted boolean', 'updated_at timestamptz', 'field_meta jsonb', 'updated_by text'];
  return [...meta, ...def.columns.map((column) => `${column.column} ${SQL_TYPES[column.type]}`)].join(', ');
}

function toJsonRow(record: StoredRecord, userId: string, def: EntityDef): Record<string, unknown> {
  const row: Record<string, unknown> = {
    id: record.id, commune_id: record.communeId, village_id: record.villageId, version: record.version, deleted: record.deleted,
    updated_at: record.updatedAt, field_meta: packFieldMeta(record.fieldMeta), updated_by: userId,
  };
  for (const column of def.columns) row[column.column] = record.fields[column.field] ?? null;
  return row;
}

/** Runs `statement` (a write over the rows of $1 ending in RETURNING 1) and checks it wrote every row. */
async function writeEveryRow(q: Queryable, statement: string, rows: Record<string, unknown>[], what: string): Promise<void> {
  const [{ written }] = await q.query<{ written: unknown }>(`WITH written AS (${statement}) SELECT count(*) AS written FROM written`, [JSON.stringify(rows)]);
  if (Number(written) !== rows.length) throw new Error(`${what}: ${written} of ${rows.length}`);
}

async function insertAll(q: Queryable, def: EntityDef, rows: Record<string, unknown>[]): Promise<void> {
  const names = def.columns.map((column) => column.column);
  await writeEveryRow(
    q,
    `INSERT INTO ${def.table} (id, commune_id, village_id, version, deleted, created_at, updated_at, change_seq, field_meta, updated_by, ${names.join(', ')})
     SELECT id, commune_id, village_id, version, deleted, updated_at, updated_at, nextval('change_seq'), field_meta, updated_by, ${names.join(', ')}
     FROM jsonb_to_recordset($1::jsonb) AS x(${recordsetColumns(def)}) RETURNING 1`,
    rows,
    `batch insert into ${def.table}`,
  );
}

async function updateAll(q: Queryable, def: EntityDef, rows: Record<string, unknown>[]): Promise<void> {
  const sets = def.columns.map((column) => `${column.column} = x.${column.column}`);
  await writeEveryRow(
    q,
    `UPDATE ${def.table} AS t SET version = x.version, deleted = x.deleted, updated_at = x.updated_at, change_seq = nextval('change_seq'),
       field_meta = x.field_meta, updated_by = x.updated_by, ${sets.join(', ')}
     FROM jsonb_to_recordset($1::jsonb) AS x(${recordsetColumns(def)})
     WHERE t.id = x.id AND t.commune_id = x.commune_id AND t.village_id = x.village_id RETURNING 1`,
    rows,
    `batch update of ${def.table}`,
  );
}

export async function writePending(q: Queryable, pending: Iterable<PendingWrite>, userId: string): Promise<void> {
  const groups = new Map<Entity, { inserts: Record<string, unknown>[]; updates: Record<string, unknown>[] }>();
  for (const { record, isNew } of pending) {
    const def = ENTITY_DEFS[record.entity];
    const group = groups.get(record.entity) ?? { inserts: [], updates: [] };
    (isNew ? group.inserts : group.updates).push(toJsonRow(record, userId, def));
    groups.set(record.entity, group);
  }
  // Households first: persons and visits of this push may point at them.
  for (const entity of ['household', 'person', 'visit'] as const) {
    const group = groups.get(entity);
    if (!group) continue;
    if (group.inserts.length > 0) await insertAll(q, ENTITY_DEFS[entity], group.inserts);
    if (group.updates.length > 0) await updateAll(q, ENTITY_DEFS[entity], group.updates);
  }
}
