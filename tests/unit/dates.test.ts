// Calendar dates: what PostgreSQL can store (every record, also one written before today's rules), and
// what a person may type or ask a report for (from 1900).
import { describe, expect, it } from 'vitest';
import { isPlausibleIsoDate, isValidIsoDate, parseDateVi } from '../../src/shared/dates';
import { isValidMonth } from '../../src/shared/months';
import { pullResponseSchema } from '../../src/shared/protocol';

describe('dates', () => {
  it('a stored date is any real date PostgreSQL can store: year 0000 and 2025-02-30 are not', () => {
    expect(isValidIsoDate('1025-11-12')).toBe(true);
    expect(isValidIsoDate('0001-01-01')).toBe(true);
    expect(isValidIsoDate('0000-01-01')).toBe(false);
    expect(isValidIsoDate('2025-02-30')).toBe(false);
  });

  it('what a person types, or a report asks for, starts in 1900', () => {
    expect(parseDateVi('12/11/2025')).toBe('2025-11-12');
    expect(parseDateVi('12/11/1025')).toBeNull();
    expect(isPlausibleIsoDate('1899-12-31')).toBe(false);
    expect(isPlausibleIsoDate('1900-01-01')).toBe(true);
    expect(isValidMonth('1899-12')).toBe(false);
    expect(isValidMonth('2026-11')).toBe(true);
  });

  it('a phone still accepts a pulled visit typed as year 1025 before that rule, so the village keeps syncing', () => {
    const visit = { id: 'v1', villageId: 'village-1', version: 1, deleted: false, updatedAt: '2026-11-01T00:00:00.000Z', householdId: 'h1', visitedOn: '1025-11-12', helpedWith: [] };
    expect(pullResponseSchema.safeParse({ changes: [{ entity: 'visit', record: visit }], cursor: '1', hasMore: false }).success).toBe(true);
  });
});
