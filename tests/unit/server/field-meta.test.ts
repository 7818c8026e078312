// The stored form of per-field sync metadata (src/server/sync/field-meta.ts): one stamp per version.
import { describe, expect, it } from 'vitest';
import { packFieldMeta, unpackFieldMeta } from '../../../src/server/sync/field-meta';
import type { FieldMeta } from '../../../src/server/sync/records';

const created: FieldMeta = { v: 1, ct: '2026-11-01T02:00:00.000Z', st: '2026-11-01T02:05:00.000Z', m: 'm-create', d: 'phone-a' };
const edited: FieldMeta = { v: 3, ct: '2026-11-20T08:00:00.000Z', st: '2026-11-21T01:00:00.000Z', m: 'm-edit', d: 'phone-b' };

describe('packFieldMeta / unpackFieldMeta', () => {
  it('keeps each version stamp once and gives every field its stamp back', () => {
    const meta = { fullName: created, birthYear: created, vneid: edited, smartphone: edited };
    const packed = packFieldMeta(meta);
    expect(packed).toEqual({
      f: { fullName: 1, birthYear: 1, vneid: 3, smartphone: 3 },
      s: { 1: { ct: created.ct, st: created.st, m: 'm-create', d: 'phone-a' }, 3: { ct: edited.ct, st: edited.st, m: 'm-edit', d: 'phone-b' } },
    });
    expect(unpackFieldMeta(JSON.parse(JSON.stringify(packed)))).toEqual(meta);
  });

  it('drops the stamp of a version no field points at any more', () => {
    expect(Object.keys(packFieldMeta({ vneid: edited }).s)).toEqual(['3']);
  });

  it('reads an empty or missing column as no metadata', () => {
    expect(unpackFieldMeta({})).toEqual({});
    expect(unpackFieldMeta(null)).toEqual({});
    expect(packFieldMeta({})).toEqual({ f: {}, s: {} });
  });

  it('refuses a field whose version has no stamp (a damaged row), instead of inventing one', () => {
    expect(() => unpackFieldMeta({ f: { vneid: 2 }, s: {} })).toThrow(/version 2 of vneid/);
  });
});
