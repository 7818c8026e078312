// Record ids are UUIDv7 (src/shared/ids.ts): what the database's index locality relies on.
import { describe, expect, it } from 'vitest';
import { newRecordId } from '../../src/shared/ids';

describe('newRecordId', () => {
  it('is a version-7 UUID whose first 48 bits are the creation time in milliseconds', () => {
    const before = Date.now();
    const id = newRecordId();
    const after = Date.now();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const ms = parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(after);
  });

  it('sorts in the order the ids were made, as text (how PostgreSQL compares the text ids)', () => {
    const ids = Array.from({ length: 5000 }, () => newRecordId());
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
