// [PL4] Pulls never skip a change, even while several phones push at once: on PostgreSQL the pushes really
// run in parallel (a pool of connections), and a puller keeps pulling during them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './helpers/backends';
import { newHousehold, mutation } from './helpers/fixtures';
import { TestServer } from './helpers/test-server';

describe.each(backends)('concurrent pushes on $name', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start(backend);
  });
  afterAll(() => server?.close());

  it('[PL4] a puller pulling during parallel pushes ends with every change, none skipped', async () => {
    const phones = await Promise.all(
      [0, 1, 2, 3].map(async () => {
        const village = await server.createVillage();
        return { village, token: (await server.createUser('member', [village.id])).token };
      }),
    );
    const expected = new Map<string, number>();
    let pushing = true;
    const pushes = Promise.all(
      phones.map(async ({ village, token }, phone) => {
        for (let round = 0; round < 8; round += 1) {
          const creates = Array.from({ length: 15 }, () => newHousehold(village.id));
          // Each round also edits a record of the previous round, so updates race with inserts.
          const edits = round === 0 ? [] : [mutation({ entity: 'household', recordId: [...expected.keys()].find((id) => id.startsWith(`${phone}-`))!, villageId: village.id, baseVersion: 1, fields: { note: `vòng ${round}` } })];
          const batch = creates.map((m) => ({ ...m, recordId: `${phone}-${m.recordId}` }));
          const results = await server.pushOk(token, [...batch, ...edits], `phone-${phone}`);
          batch.forEach((m) => expected.set(m.recordId, 1));
          edits.forEach((m, i) => expected.set(m.recordId, results[batch.length + i].version!));
        }
      }),
    ).finally(() => {
      pushing = false;
    });

    const seen = new Map<string, number>();
    let cursor: string | undefined;
    const absorb = (changes: { record: { id: string; version: number } }[]) => {
      for (const { record } of changes) {
        expect(record.version).toBeGreaterThan(seen.get(record.id) ?? 0); // never a repeat of a version
        seen.set(record.id, record.version);
      }
    };
    while (pushing) {
      // app.inject can complete a pull without a macrotask; yield so the pushes get the event loop too.
      await new Promise((resolve) => setTimeout(resolve, 2));
      const page = await server.pull(server.adminToken, cursor, 50);
      absorb(page.body.changes);
      cursor = page.body.cursor;
    }
    await pushes;
    const rest = await server.pullAll(server.adminToken, cursor, 50);
    absorb(rest.changes);
    expect(seen.size).toBe(expected.size);
    for (const [id, version] of expected) expect([id, seen.get(id)]).toEqual([id, version]);
  });
});
