// Issue 7: a pull page must not cost O(changes of the commune). After a large ingest the server keeps
// planner statistics current (src/server/sync/table-stats.ts; PGlite has no autovacuum), and a page is
// read in change order through an index from the cursor, stopping after `limit` rows — no bitmap scan
// of everything after the cursor followed by a sort. Checked on the plan, not on timings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PULL_PAGE_SQL } from '../../src/server/sync/pull';
import { backends } from './helpers/backends';
import { newHousehold } from './helpers/fixtures';
import { TestServer } from './helpers/test-server';

describe.each(backends)('pull plan on $name', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start(backend);
  });
  afterAll(() => server?.close());

  it('[PL1] after a large ingest a page walks (commune_id, change_seq) or (village_id, change_seq) in order instead of sorting every later change', async () => {
    const village = await server.createVillage();
    const user = await server.createUser('village_head', [village.id]);
    const creates = Array.from({ length: 2600 }, (_, i) => newHousehold(village.id, { address: `Số ${i}` }));
    for (let i = 0; i < creates.length; i += 1000) await server.pushOk(user.token, creates.slice(i, i + 1000));

    const [{ commune_id: communeId }] = await server.db.query<{ commune_id: string }>('SELECT commune_id FROM villages WHERE id = $1', [village.id]);
    // On PostgreSQL the ANALYZE runs beside the push's answer (table-stats.ts): wait until its statistics
    // are there (they show once the ANALYZE has committed them, not when it started).
    const statisticsOfHouseholds = async () =>
      (await server.db.query<{ attname: string }>(`SELECT attname FROM pg_stats WHERE tablename = 'households'`)).map((row) => row.attname);
    let statistics = await statisticsOfHouseholds();
    for (let waited = 0; backend.name === 'postgres' && !statistics.includes('change_seq') && waited < 20_000; waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      statistics = await statisticsOfHouseholds();
    }
    // The statistics the plan needs are there; none are kept on the field stamps' JSON (migration zz6).
    expect(statistics).toEqual(expect.arrayContaining(['commune_id', 'village_id', 'change_seq']));
    expect(statistics).not.toContain('field_meta');

    const rows = await server.db.query<Record<string, string>>(
      `EXPLAIN SELECT id, change_seq FROM households WHERE commune_id = $1 AND village_id = ANY($2) AND change_seq > $3 ORDER BY change_seq LIMIT $4`,
      [communeId, [village.id], 0, 501],
    );
    const plan = rows.map((row) => Object.values(row)[0]).join('\n');
    expect(plan).toMatch(/Index Scan using households_(commune|village)_change_idx/);
    expect(plan).not.toMatch(/Sort/);

    // The page statement itself (pull.ts): the same index walk, and each record fetched by its key.
    const pagePlan = (await server.db.query<Record<string, string>>(`EXPLAIN ${PULL_PAGE_SQL}`, [communeId, [village.id], 0, 501, 500]))
      .map((row) => Object.values(row)[0])
      .join('\n');
    expect(pagePlan).toMatch(/Index Scan using households_(commune|village)_change_idx/);
    expect(pagePlan).toMatch(/Index Scan using households_pkey/);
    expect(pagePlan).not.toMatch(/Seq Scan on households/);

    // And the pages still hold every record once, in change order.
    const all = await server.pullAll(user.token, undefined, 1000);
    expect(new Set(all.changes.map((change) => change.record.id)).size).toBe(2600);
  });
});
