// Seeded fuzz test (pinned seed, architecture.md practice 10): phones that were offline since a person was
// created edit random fields at random times; whatever order the edits reach the server in, every field
// ends with the value of its latest edit [PC3], and replaying everything changes nothing [PU2].
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Person } from '../../src/shared/types';
import { backends } from './helpers/backends';
import { mutation, newHousehold, newPerson, type TestMutation } from './helpers/fixtures';
import { TestServer } from './helpers/test-server';

const SEED = 20261122;
const CHANGES = [
  ['vneid', 'level2'], ['vneid', 'locked'], ['vneid', 'none'],
  ['smartphone', 'own'], ['smartphone', 'basic_phone'],
  ['healthBook', true], ['healthBook', false],
  ['fullName', 'Lò Văn Páo'], ['fullName', "Ksor H'Thoan"],
] as const;

const editArb = fc.record({
  device: fc.integer({ min: 0, max: 2 }),
  minute: fc.integer({ min: 1, max: 100_000 }),
  changes: fc.uniqueArray(fc.constantFrom(...CHANGES), { minLength: 1, maxLength: 2, selector: ([field]) => field }),
});
const scenarioArb = fc
  .uniqueArray(editArb, { minLength: 1, maxLength: 7, selector: (edit) => edit.minute })
  .chain((edits) => fc.tuple(fc.constant(edits), fc.shuffledSubarray(edits.map((_, i) => i), { minLength: edits.length, maxLength: edits.length })));

describe.each(backends)('convergence on $name', (backend) => {
  let server: TestServer;
  let token: string;
  let villageId: string;
  beforeAll(async () => {
    server = await TestServer.start(backend);
    villageId = (await server.createVillage()).id;
    token = (await server.createUser('member', [villageId])).token;
  });
  afterAll(() => server?.close());

  it('[PC3][PU2] any delivery order of offline edits ends with the latest value of each field', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async ([edits, order]) => {
        const household = newHousehold(villageId);
        const person = newPerson(villageId, household.recordId);
        await server.pushOk(token, [household, person], 'office');
        const start = Date.parse('2026-11-01T00:00:00Z');
        const mutations: TestMutation[] = edits.map((edit) =>
          mutation({
            entity: 'person', recordId: person.recordId, villageId, baseVersion: 1,
            fields: Object.fromEntries(edit.changes), clientTime: new Date(start + edit.minute * 60_000).toISOString(),
          }),
        );
        for (const index of order) {
          const [result] = await server.pushOk(token, [mutations[index]], `phone-${edits[index].device}`);
          expect(['applied', 'conflict']).toContain(result.status);
        }
        const expected: Record<string, unknown> = { ...person.fields };
        [...edits].sort((a, b) => a.minute - b.minute).forEach((edit) => Object.assign(expected, Object.fromEntries(edit.changes)));

        const { changes } = await server.pullAll(token);
        const record = changes.find((change) => change.record.id === person.recordId)!.record as Person;
        expect(record).toMatchObject(expected);

        const replay = await server.pushOk(token, order.map((index) => mutations[index]), 'phone-0');
        expect(replay.every((result) => result.status === 'duplicate')).toBe(true);
      }),
      { seed: SEED, numRuns: 25 },
    );
  });
});
