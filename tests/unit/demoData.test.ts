// The demo generator feeds the screens and the benchmark: its records must be valid by the same schemas
// the app enforces, and the same seed must give the same village.
import { describe, expect, it } from 'vitest';
import { generateDemoVillage } from '../../src/shared/demoData';
import { householdSchema, personSchema, visitSchema } from '../../src/shared/schemas';

function village(seed: number) {
  let next = 0;
  return generateDemoVillage({ seed, villageId: 'v', households: 400, year: 2026, newId: () => `id-${++next}`, updatedAt: '2026-11-22T00:00:00.000Z' });
}

describe('generateDemoVillage', () => {
  const data = village(57);

  it('makes only records the schemas accept', () => {
    const bad = [
      ...data.households.filter((h) => !householdSchema.safeParse(h).success),
      ...data.persons.filter((p) => !personSchema.safeParse(p).success),
      ...data.visits.filter((v) => !visitSchema.safeParse(v).success),
    ];
    expect(bad).toEqual([]);
  });

  it('makes realistic households: one head each, 1 to 7 people, ages 0 to 99', () => {
    expect(data.households).toHaveLength(400);
    const heads = data.persons.filter((p) => p.relation === 'head');
    expect(heads).toHaveLength(400);
    const sizes = data.households.map((h) => data.persons.filter((p) => p.householdId === h.id).length);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(7);
    const ages = data.persons.map((p) => 2026 - p.birthYear);
    expect(Math.min(...ages)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...ages)).toBeLessThanOrEqual(99);
    // Nguyễn is the commonest family name, as in Vietnam.
    const nguyen = data.persons.filter((p) => p.fullName.startsWith('Nguyễn ')).length / data.persons.length;
    expect(nguyen).toBeGreaterThan(0.25);
  });

  it('is deterministic for a seed and different across seeds', () => {
    expect(village(57)).toEqual(data);
    expect(village(58).persons.map((p) => p.fullName)).not.toEqual(data.persons.map((p) => p.fullName));
  });
});
