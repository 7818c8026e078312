// A dump of every table of the server's database, to prove that refused input changed nothing.
// `devices.last_seen_at` is left out: it records that a token was used, which a refused request also does.
import type { Database } from '../../../src/server/db/database';

export async function dumpTables(db: Database): Promise<Record<string, unknown[]>> {
  const tables = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const dump: Record<string, unknown[]> = {};
  for (const { table_name: table } of tables) {
    // Table names come from the catalogue, not from input; quoted as identifiers all the same.
    const rows = await db.query<Record<string, unknown>>(`SELECT * FROM "${table.replaceAll('"', '""')}"`);
    const comparable = rows.map((row) => {
      const { last_seen_at: _lastSeen, ...rest } = row;
      return JSON.stringify(table === 'devices' ? rest : row, Object.keys(table === 'devices' ? rest : row).sort());
    });
    dump[table] = comparable.sort();
  }
  return dump;
}
