// How the per-field metadata of a record is stored. In memory every field has its FieldMeta (what rule
// [PC1] compares). A record version is produced by exactly one write — one mutation, review decision,
// import or erasure — so all fields of one version share one stamp. The column keeps each stamp once,
// by version, and each field's version:
//
//   {"f": {"fullName": 1, "vneid": 3}, "s": {"1": {"ct": …, "st": …, "m": …, "d": …}, "3": {…}}}
//
// Written whole-per-field (20 fields × a 5-part stamp), a person's metadata was ~2 KB, three times its
// data: PostgreSQL compressed every row on write and decompressed it on every read, and the audit
// trigger read it all again (migration 2026-11-22-zz2-field-meta-per-version.sql, which converted the
// old rows; its history_mutation reads `s` by version).
import type { FieldMeta } from './records';

type Stamp = Omit<FieldMeta, 'v'>;

export interface PackedFieldMeta {
  /** Field → the version its last change produced. */
  f: Record<string, number>;
  /** Version → the stamp of the write that produced it (only versions some field still points at). */
  s: Record<string, Stamp>;
}

export function packFieldMeta(meta: Readonly<Record<string, FieldMeta>>): PackedFieldMeta {
  const packed: PackedFieldMeta = { f: {}, s: {} };
  for (const [field, { v, ...stamp }] of Object.entries(meta)) {
    packed.f[field] = v;
    packed.s[v] ??= stamp;
  }
  return packed;
}

export function unpackFieldMeta(stored: unknown): Record<string, FieldMeta> {
  const { f = {}, s = {} } = (stored ?? {}) as Partial<PackedFieldMeta>;
  const meta: Record<string, FieldMeta> = {};
  for (const [field, v] of Object.entries(f)) {
    const stamp = s[v];
    if (!stamp) throw new Error(`field_meta: version ${v} of ${field} has no stamp`);
    meta[field] = { v, ...stamp };
  }
  return meta;
}
