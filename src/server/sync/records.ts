// SQL for synced records: load by id, insert, update. A stored record is the domain record plus the sync
// bookkeeping the server keeps (commune, change sequence, per-field metadata).
import type { Entity } from '../../shared/statuses';
import { toIso, toNumber, type Queryable } from '../db/database';
import { ENTITY_DEFS, selectColumns, toParam, type EntityDef } from './entities';
import { packFieldMeta, unpackFieldMeta } from './field-meta';

/** Who last changed one field, and when — what rule [PC1] compares against. */
export interface FieldMeta {
  /** Record version that this field's last change produced. */
  v: number;
  /** The phone's clientTime of that change (ISO, UTC). */
  ct: string;
  /** The server's time of that change. */
  st: string;
  /** Mutation id of that change. */
  m: string;
  /** deviceId of the push that carried it (or "server" for a review decision). */
  d: string;
}

export interface StoredRecord {
  entity: Entity;
  id: string;
  communeId: string;
  villageId: string;
  version: number;
  deleted: boolean;
  updatedAt: string;
  changeSeq: number;
  fieldMeta: Record<string, FieldMeta>;
  /** Domain fields by their domain names; absent optional fields are absent. */
  fields: Record<string, unknown>;
}

export function rowToStored(def: EntityDef, row: Record<string, unknown>): StoredRecord {
  const fields: Record<string, unknown> = {};
  for (const column of def.columns) {
    const value = row[column.column];
    if (value !== null && value !== undefined) fields[column.field] = value;
  }
  return {
    entity: def.entity,
    id: String(row.id),
    communeId: String(row.commune_id),
    villageId: String(row.village_id),
    version: toNumber(row.version),
    deleted: Boolean(row.deleted),
    updatedAt: toIso(row.updated_at),
    changeSeq: toNumber(row.change_seq),
    fieldMeta: unpackFieldMeta(row.field_meta),
    fields,
  };
}

export async function loadRecords(q: Queryable, entity: Entity, ids: readonly string[]): Promise<StoredRecord[]> {
  if (ids.length === 0) return [];
  const def = ENTITY_DEFS[entity];
  const rows = await q.query(`SELECT ${selectColumns(def)} FROM ${def.table} WHERE id = ANY($1)`, [ids]);
  return rows.map((row) => rowToStored(def, row));
}

/** Inserts or updates the whole record, drawing the next change sequence number. Returns that number. */
export async function writeRecord(q: Queryable, record: StoredRecord, isNew: boolean, userId: string): Promise<number> {
  const def = ENTITY_DEFS[record.entity];
  const meta = [record.id, record.communeId, record.villageId, record.version, record.deleted, record.updatedAt, JSON.stringify(packFieldMeta(record.fieldMeta)), userId];
  const values = def.columns.map((column) => toParam(column, record.fields[column.field]));
  const casts = def.columns.map((column, index) => `$${index + 9}${column.type === 'jsonb' ? '::jsonb' : column.type === 'date' ? '::date' : ''}`);
  const names = def.columns.map((column) => column.column);
  const sql = isNew
    ? `INSERT INTO ${def.table} (id, commune_id, village_id, version, deleted, created_at, updated_at, change_seq, field_meta, updated_by, ${names.join(', ')})
       VALUES ($1, $2, $3, $4, $5, $6, $6, nextval('change_seq'), $7::jsonb, $8, ${casts.join(', ')}) RETURNING change_seq`
    : `UPDATE ${def.table} SET version = $4, deleted = $5, updated_at = $6, change_seq = nextval('change_seq'), field_meta = $7::jsonb,
       updated_by = $8, ${names.map((name, index) => `${name} = ${casts[index]}`).join(', ')}
       WHERE id = $1 AND commune_id = $2 AND village_id = $3 RETURNING change_seq`;
  const rows = await q.query<{ change_seq: unknown }>(sql, [...meta, ...values]);
  if (rows.length !== 1) throw new Error(`writeRecord: ${def.table} ${record.id} not written`);
  return toNumber(rows[0].change_seq);
}
