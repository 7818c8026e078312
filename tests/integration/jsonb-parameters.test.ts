// jsonb parameters reach the database unchanged on both backends. On PGlite they are sent as bytes in
// PostgreSQL's binary jsonb format (src/server/db/pglite.ts), not as PGlite's default text; the push
// passes every record and applied mutation this way, so what goes in must be exactly what was sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/server/db/database';
import { backends } from './helpers/backends';

describe.each(backends)('jsonb parameters on $name', (backend) => {
  let db: Database;
  beforeAll(async () => {
    db = await backend.open();
  });
  afterAll(() => db?.close());

  const roundTrip = async (value: unknown) => (await db.query<{ value: unknown }>('SELECT $1::jsonb AS value', [value]))[0].value;

  it('keeps Vietnamese text, characters outside the BMP, escapes and nesting', async () => {
    const value = { fullName: 'Nguyễn Thị Ánh Tuyết', note: 'Hộ cận nghèo 🏠 "đã" \\ ghi\nchú', list: [1, 2.5, null, true, { đ: 'Đ' }], empty: '' };
    expect(await roundTrip(value)).toEqual(value);
    expect(await roundTrip(JSON.stringify(value))).toEqual(value);
  });

  it('takes a string as JSON text, as each driver does by default', async () => {
    expect(await roundTrip('"Lò Văn Bình"')).toBe('Lò Văn Bình');
    expect(await roundTrip('[]')).toEqual([]);
  });

  it('passes SQL NULL for null', async () => {
    expect(await roundTrip(null)).toBeNull();
  });

  it('refuses text that is not JSON, as PostgreSQL does', async () => {
    await expect(roundTrip('{"fullName": ')).rejects.toMatchObject({ code: '22P02' });
  });

  it('carries a batch of 2,000 records into jsonb_to_recordset', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => ({ id: `id-${i}`, fullName: `Hà Thị Ngọc Ánh ${i}`, birthYear: 1950 + (i % 70) }));
    const [result] = await db.query<{ count: unknown; names: unknown; years: unknown }>(
      'SELECT count(*) AS count, count(DISTINCT full_name) AS names, sum(birth_year) AS years FROM jsonb_to_recordset($1::jsonb) AS x(id text, "fullName" text, "birthYear" integer) CROSS JOIN LATERAL (SELECT x."fullName" AS full_name, x."birthYear" AS birth_year) y',
      [JSON.stringify(rows)],
    );
    expect(Number(result.count)).toBe(2000);
    expect(Number(result.names)).toBe(2000);
    expect(Number(result.years)).toBe(rows.reduce((sum, row) => sum + row.birthYear, 0));
  });
});
