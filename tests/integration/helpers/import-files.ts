// Import files as a commune officer would send them: rows built from the columns of issue 5, written as
// CSV (any delimiter, with or without BOM, in any encoding) or XLSX, and uploaded to the real server.
import ExcelJS from 'exceljs';
import { IMPORT_COLUMNS, type ImportColumn } from '../../../src/server/import/columns';
import type { TestServer } from './test-server';

export type Row = Partial<Record<ImportColumn, string>>;

/** A person with nothing recorded yet; each row states what differs. */
export function person(row: Row): Row {
  return {
    address: '', head_name: '', phone: '', business: '', accepts_cashless: '', birth_date: '', relation: 'child', residency: 'permanent',
    vneid: 'none', digital_signature: 'none', health_book: '0', payment_account: '0', uses_cashless: '0', smartphone: 'none',
    digital_skills: 'none', online_public_services: '0', ...row,
  };
}

export function toCsv(rows: Row[], delimiter = ',', bom = true): string {
  const cell = (value: string) => (value.includes(delimiter) || value.includes('"') ? `"${value.replace(/"/g, '""')}"` : value);
  const lines = [IMPORT_COLUMNS.join(delimiter), ...rows.map((row) => IMPORT_COLUMNS.map((column) => cell(row[column] ?? '')).join(delimiter))];
  return `${bom ? '\uFEFF' : ''}${lines.join('\r\n')}\r\n`;
}

export async function toXlsx(rows: Row[], cellValue: (column: ImportColumn, value: string) => ExcelJS.CellValue = (_c, v) => v): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Danh sách');
  sheet.addRow(IMPORT_COLUMNS.map((column) => column));
  for (const row of rows) sheet.addRow(IMPORT_COLUMNS.map((column) => cellValue(column, row[column] ?? '')));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export async function upload(server: TestServer, body: Buffer | string, options: { dryRun?: boolean; contentType?: string; token?: string } = {}) {
  const response = await server.app.inject({
    method: 'POST',
    url: `/api/import/households?dryRun=${options.dryRun ? 1 : 0}`,
    headers: { authorization: `Bearer ${options.token ?? server.adminToken}`, 'content-type': options.contentType ?? 'text/csv' },
    payload: body,
  });
  return { status: response.statusCode, body: response.json() };
}

/**
 * Windows-1258 (Excel's "CSV" on Vietnamese Windows) bytes of ASCII text plus the few Vietnamese letters
 * the tests use: precomposed base letters and combining tone marks, as that code page writes them.
 */
const CP1258: Record<string, number[]> = {
  'ễ': [0xea, 0xde], 'ă': [0xe3], 'â': [0xe2], 'ê': [0xea], 'ô': [0xf4], 'ơ': [0xf5], 'ư': [0xfd], 'đ': [0xf0], 'Đ': [0xd0],
  'ị': [0x69, 0xf2], 'à': [0xe0], 'á': [0xe1], 'ô̂': [0xf4], 'ồ': [0xf4, 0xcc], 'Ô': [0xd4],
};

export function encodeWindows1258(text: string): Buffer {
  const bytes: number[] = [];
  for (const char of text) {
    if (char.charCodeAt(0) < 0x80) bytes.push(char.charCodeAt(0));
    else if (CP1258[char]) bytes.push(...CP1258[char]);
    else throw new Error(`no Windows-1258 bytes for ${char} in this helper`);
  }
  return Buffer.from(bytes);
}
