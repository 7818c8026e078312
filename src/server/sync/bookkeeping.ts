// The rows a push writes besides the records: applied mutations (idempotency and the audit trail of who
// changed what, when) and conflicts for review. Written with one statement each per push, not one per
// mutation, because a first sync can carry a thousand mutations.
import { randomUUID } from 'node:crypto';
import type { MutationResult } from '../../shared/protocol';
import type { Queryable } from '../db/database';
import type { PushScope } from './decide';
import type { ConflictNote } from './merge-rule';
import type { StoredRecord } from './records';

export interface AppliedRow {
  raw: Record<string, unknown>;
  record: StoredRecord;
  result: MutationResult;
  scope: PushScope;
}

export interface ConflictRow {
  note: ConflictNote;
  record: StoredRecord;
  raw: Record<string, unknown>;
  scope: PushScope;
}

export async function insertAppliedMutations(q: Queryable, rows: AppliedRow[]): Promise<void> {
  if (rows.length === 0) return;
  const items = rows.map(({ raw, record, result, scope }) => ({
    mutation_id: result.id,
    commune_id: scope.auth.communeId,
    user_id: scope.auth.userId,
    device_id: scope.deviceId,
    entity: record.entity,
    record_id: record.id,
    op: raw.op,
    fields: raw.fields ?? {},
    client_time: raw.clientTime,
    server_time: scope.now.toISOString(),
    result: { id: result.id, status: result.status, version: result.version, ...(result.conflictFields ? { conflictFields: result.conflictFields } : {}) },
  }));
  await q.query(
    `INSERT INTO applied_mutations (mutation_id, commune_id, user_id, device_id, entity, record_id, op, fields, client_time, server_time, result)
     SELECT mutation_id, commune_id, user_id, device_id, entity, record_id, op, fields, client_time, server_time, result
     FROM jsonb_to_recordset($1::jsonb) AS x(mutation_id text, commune_id text, user_id text, device_id text, entity text,
       record_id text, op text, fields jsonb, client_time timestamptz, server_time timestamptz, result jsonb)`,
    [JSON.stringify(items)],
  );
}

export async function insertConflicts(q: Queryable, rows: ConflictRow[]): Promise<void> {
  if (rows.length === 0) return;
  const items = rows.map(({ note, record, raw, scope }) => ({
    id: randomUUID(),
    commune_id: record.communeId,
    village_id: record.villageId,
    entity: record.entity,
    record_id: record.id,
    field: note.field,
    server_value: note.serverValue ?? null,
    client_value: note.clientValue ?? null,
    kept: note.kept,
    server_mutation_id: note.serverMeta.m,
    client_mutation_id: String(raw.id),
    server_client_time: note.serverMeta.ct,
    client_client_time: raw.clientTime,
    created_at: scope.now.toISOString(),
  }));
  await q.query(
    `INSERT INTO conflicts (id, commune_id, village_id, entity, record_id, field, server_value, client_value, kept,
       server_mutation_id, client_mutation_id, server_client_time, client_client_time, created_at)
     SELECT id, commune_id, village_id, entity, record_id, field,
       -- a cleared optional field is JSON null, which jsonb_to_recordset turns into SQL NULL
       COALESCE(server_value, 'null'::jsonb), COALESCE(client_value, 'null'::jsonb), kept,
       server_mutation_id, client_mutation_id, server_client_time, client_client_time, created_at
     FROM jsonb_to_recordset($1::jsonb) AS x(id text, commune_id text, village_id text, entity text, record_id text, field text,
       server_value jsonb, client_value jsonb, kept text, server_mutation_id text, client_mutation_id text,
       server_client_time timestamptz, client_client_time timestamptz, created_at timestamptz)`,
    [JSON.stringify(items)],
  );
}
