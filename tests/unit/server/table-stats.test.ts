// When the push path refreshes planner statistics (src/server/sync/table-stats.ts): the threshold grows
// with the tables, counted from their size when the process starts, so a server restarted on a big
// database does not analyze millions of rows every few thousand writes.
import { describe, expect, it } from 'vitest';
import type { Database } from '../../../src/server/db/database';
import { analyzeStatement, noteRecordWrites } from '../../../src/server/sync/table-stats';

/** The statements a database is asked to run, on tables that hold `rows` rows. */
function recordingDatabase(rows: number, kind: Database['kind'] = 'postgres') {
  const statements: string[] = [];
  const db: Database = {
    kind,
    query: async <Row>(sql: string) => {
      statements.push(sql);
      return [{ rows }] as Row[];
    },
    exec: async (sql: string) => {
      statements.push(sql);
    },
    transaction: () => Promise.reject(new Error('not used')),
    close: async () => {},
  };
  return { db, analyzes: () => statements.filter((sql) => sql.includes('ANALYZE')).length };
}

describe('noteRecordWrites', () => {
  it('analyzes a small database after 2,000 writes', async () => {
    const { db, analyzes } = recordingDatabase(0);
    await noteRecordWrites(db, 1500);
    expect(analyzes()).toBe(0);
    await noteRecordWrites(db, 600);
    expect(analyzes()).toBe(1);
  });

  it('waits for a tenth of a big database to change, counted from its size at start', async () => {
    const { db, analyzes } = recordingDatabase(10_000_000);
    for (let i = 0; i < 100; i++) await noteRecordWrites(db, 5000);
    expect(analyzes()).toBe(0);
    for (let i = 0; i < 101; i++) await noteRecordWrites(db, 5000);
    expect(analyzes()).toBe(1);
  });

  it('on PGlite, where the push waits for it, waits until the tables have doubled', async () => {
    const { db, analyzes } = recordingDatabase(100_000, 'pglite');
    for (let i = 0; i < 20; i++) await noteRecordWrites(db, 5000);
    expect(analyzes()).toBe(0);
    await noteRecordWrites(db, 2000);
    expect(analyzes()).toBe(1);
    // The next one counts from 202,000 rows.
    for (let i = 0; i < 40; i++) await noteRecordWrites(db, 5000);
    expect(analyzes()).toBe(1);
    await noteRecordWrites(db, 5000);
    expect(analyzes()).toBe(2);
  });

  it('samples fewer rows on PGlite, where the push waits for the ANALYZE; PostgreSQL keeps its default', () => {
    expect(analyzeStatement('pglite')).toBe('SET default_statistics_target = 10; ANALYZE households, persons, visits, applied_mutations; RESET default_statistics_target');
    expect(analyzeStatement('postgres')).toBe('ANALYZE households, persons, visits, applied_mutations');
  });
});
