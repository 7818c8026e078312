// Ids of records and mutations, made where the record is created (a phone, or the server for an import).
// UUIDv7 (RFC 9562): the first 48 bits are the creation time in milliseconds, the rest random. Records
// made at about the same time get neighbouring ids, so the database's B-tree indexes on ids (primary keys,
// household_id, the audit trail's record_id, applied_mutations) take new entries at their right edge
// instead of at random pages: at province scale (~12 GB) random UUIDv4 inserts no longer found their
// index pages in memory and a push into the full province slowed ~30× (README "Performance").
// The random part (74 bits) still keeps two phones' ids apart without coordination.
import { v7 } from 'uuid';

export function newRecordId(): string {
  return v7();
}

/** Orders records by id the way IndexedDB and PostgreSQL order these ids (plain code-unit order). */
export function compareById(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
