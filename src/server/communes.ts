// The official list of provinces and communes (src/shared/data/vn-admin-units.json, MIT, licence beside
// it) and the commune rows of this server.
import { readFileSync } from 'node:fs';
import type { Queryable } from './db/database';

interface ProvinceEntry {
  code: string;
  name: string;
  communes: { code: string; name: string }[];
}

export interface AdminUnit {
  code: string;
  name: string;
  provinceCode: string;
  provinceName: string;
}

let units: Map<string, AdminUnit> | undefined;

/** Read lazily, once: 145 KB the server needs only when a commune code is chosen. */
export function findAdminUnit(code: string): AdminUnit | undefined {
  if (!units) {
    const path = new URL('../shared/data/vn-admin-units.json', import.meta.url);
    const provinces = JSON.parse(readFileSync(path, 'utf8')) as ProvinceEntry[];
    units = new Map();
    for (const province of provinces) {
      for (const commune of province.communes) {
        units.set(commune.code, { code: commune.code, name: commune.name, provinceCode: province.code, provinceName: province.name });
      }
    }
  }
  return units.get(code);
}

export interface Commune {
  id: string;
  code: string | null;
  name: string | null;
  provinceCode: string | null;
  provinceName: string | null;
}

interface CommuneRow {
  id: string;
  code: string | null;
  name: string | null;
  province_code: string | null;
  province_name: string | null;
}

export async function findCommune(q: Queryable, id: string): Promise<Commune | undefined> {
  const rows = await q.query<CommuneRow>(`SELECT id, code, name, province_code, province_name FROM communes WHERE id = $1`, [id]);
  const row = rows[0];
  return row && { id: row.id, code: row.code, name: row.name, provinceCode: row.province_code, provinceName: row.province_name };
}

export async function setCommuneUnit(q: Queryable, id: string, unit: AdminUnit): Promise<void> {
  await q.query(`UPDATE communes SET code = $2, name = $3, province_code = $4, province_name = $5 WHERE id = $1`, [
    id,
    unit.code,
    unit.name,
    unit.provinceCode,
    unit.provinceName,
  ]);
}

/**
 * Serialises every writer of one commune's synced data: the push, conflict resolution. Sequence numbers
 * are drawn only while holding this lock, so within a commune they commit in order and a pull can never
 * step over a change that commits later with a smaller number. [PL4] NO KEY UPDATE (not FOR UPDATE):
 * it serialises writers but leaves foreign-key checks of other transactions (new users, villages) free.
 */
export async function lockCommuneForWrites(q: Queryable, communeId: string): Promise<void> {
  await q.query(`SELECT id FROM communes WHERE id = $1 FOR NO KEY UPDATE`, [communeId]);
}
