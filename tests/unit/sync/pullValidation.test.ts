// parsePullResponse takes a record as it came only when zod would accept it with the same values; for
// anything else it asks zod (pullValidation.ts). Checked here against `pullResponseSchema.safeParse` on
// realistic records and on thousands of seeded mutations of them: wrong types, missing and unknown keys,
// untrimmed and over-long text (in UTF-16 units and in code points), bad dates, enums, numbers and the
// person's birth date against the birth year.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src/shared/demoData';
import { pullResponseSchema, type PullChange } from '../../../src/shared/protocol';
import { ApiFailure } from '../../../src/sync/api';
import { pageAsIs, parsePullResponse } from '../../../src/sync/pullValidation';
import { syntheticVillages } from '../../bench/syntheticCommune';

const [village] = syntheticVillages(['v1'], 400, 11);
const changes: PullChange[] = [
  ...village.households.map((record) => ({ entity: 'household' as const, record })),
  ...village.persons.map((record) => ({ entity: 'person' as const, record })),
  ...village.visits.map((record) => ({ entity: 'visit' as const, record })),
];
const page = (list: unknown[], extra: Record<string, unknown> = {}) => ({ changes: list, cursor: 'c1', hasMore: true, ...extra });

/** parsePullResponse must answer exactly as zod does: its data, or BAD_RESPONSE when zod refuses. */
function expectSameAsZod(raw: unknown): 'as-is' | 'zod' {
  const zod = pullResponseSchema.safeParse(raw);
  const asIs = pageAsIs(raw);
  if (asIs) {
    expect(zod.success, JSON.stringify(raw).slice(0, 300)).toBe(true);
    expect(asIs).toEqual(zod.data);
  }
  if (zod.success) expect(parsePullResponse(raw)).toEqual(zod.data);
  else expect(() => parsePullResponse(raw)).toThrow(ApiFailure);
  return asIs ? 'as-is' : 'zod';
}

const astral = '𝓐'; // one code point, two UTF-16 units
const MUTATIONS: ((value: unknown, record: Record<string, unknown>) => unknown)[] = [
  () => undefined, // the key removed (below)
  () => null,
  () => 7,
  () => 1.5,
  () => -1,
  () => true,
  () => '',
  () => ' ',
  () => 'x',
  () => '2025-02-30',
  () => '2024-02-29',
  () => '0912345678',
  () => '+84912345678',
  () => '12345',
  () => ['vneid'],
  () => ['vneid', 'vneid'],
  () => ['nope'],
  () => [],
  () => ({}),
  () => 'a'.repeat(120),
  () => 'a'.repeat(121),
  () => astral.repeat(120),
  () => astral.repeat(121),
  () => 'a'.repeat(1000),
  () => 'a'.repeat(1001),
  () => 1899,
  () => 1900,
  () => 2026,
  () => 2300,
  () => Number.MAX_SAFE_INTEGER + 2,
  (value) => (typeof value === 'string' ? ` ${value}` : value),
  (value) => (typeof value === 'string' ? `${value}\n` : value),
  (value) => (typeof value === 'string' ? value.toUpperCase() : value),
  (value) => (typeof value === 'number' ? value + 1 : value),
  (_value, record) => (typeof record.birthYear === 'number' ? `${record.birthYear + 1}-01-01` : '2020-01-01'),
  (_value, record) => (typeof record.birthYear === 'number' ? `${record.birthYear}-12-31` : '2020-12-31'),
];

describe('pull pages: taken as they came only when zod would return the same', () => {
  it('realistic records are taken as they came, and equal what zod returns', () => {
    expect(changes.length).toBeGreaterThan(500);
    for (let i = 0; i < changes.length; i += 50) expect(expectSameAsZod(page(changes.slice(i, i + 50)))).toBe('as-is');
    expect(expectSameAsZod(page([], { hasMore: false, reset: true }))).toBe('as-is');
  });

  it('any mutated field, missing key or unknown key: the same answer as zod', () => {
    const random = seededRandom(2026);
    const tally = { 'as-is': 0, zod: 0 };
    for (let round = 0; round < 4000; round++) {
      const change = changes[Math.floor(random() * changes.length)];
      const record: Record<string, unknown> = { ...change.record };
      const keys = [...Object.keys(record), 'birthDate', 'phone', 'note', 'consentAt', 'personId', 'unknownField', '__proto__'];
      const key = keys[Math.floor(random() * keys.length)];
      const mutate = MUTATIONS[Math.floor(random() * MUTATIONS.length)];
      const value = mutate(record[key], record);
      if (value === undefined) delete record[key];
      else Object.defineProperty(record, key, { value, enumerable: true, configurable: true, writable: true });
      // Through JSON, as a page arrives (a `__proto__` key then is an own key, as JSON.parse makes it).
      const raw = JSON.parse(JSON.stringify(page([{ entity: change.entity, record }])));
      tally[expectSameAsZod(raw)]++;
    }
    // Both paths were exercised.
    expect(tally['as-is']).toBeGreaterThan(300);
    expect(tally.zod).toBeGreaterThan(1000);
  });

  it('envelopes and change wrappers zod would copy or refuse go to zod', () => {
    const [first] = changes;
    const cases: unknown[] = [
      null,
      [],
      page([first], { extra: 1 }),
      page([{ ...first, extra: 1 }]),
      page([{ entity: 'village', record: first.record }]),
      page([{ entity: 'toString', record: first.record }]),
      page([{ entity: [first.entity], record: first.record }]),
      page([{ entity: 'household' }]),
      page([first], { reset: 'yes' }),
      page([first], { cursor: 5 }),
      page([first], { hasMore: 'true' }),
      { changes: 'x', cursor: 'c', hasMore: false },
      page([null]),
      page([first, { entity: 'person', record: first.record }]),
    ];
    for (const raw of cases) expectSameAsZod(raw);
  });

  it('a person born this year on the server is taken by a phone whose clock is still in last year', () => {
    const person = changes.find((change) => change.entity === 'person')!;
    const nextYear = new Date().getUTCFullYear() + 1;
    const { birthDate: _birthDate, ...record } = person.record as unknown as Record<string, unknown>;
    const raw = page([{ entity: 'person', record: { ...record, birthYear: nextYear } }]);
    expect(expectSameAsZod(raw)).toBe('as-is');
    expect(parsePullResponse(raw).changes[0].record).toMatchObject({ birthYear: nextYear });
  });

  it('a household stored with consent but no giver or date (before that rule) is still taken', () => {
    const household = changes.find((change) => change.entity === 'household')!;
    const { consentAt: _at, consentBy: _by, ...record } = household.record as unknown as Record<string, unknown>;
    const raw = page([{ entity: 'household', record: { ...record, consentGiven: true } }]);
    expect(parsePullResponse(raw).changes).toHaveLength(1);
  });
});
