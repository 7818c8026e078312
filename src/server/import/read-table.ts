// An uploaded file (XLSX by its zip signature, otherwise CSV) → its data rows keyed by column. The first
// non-empty row is the header; unknown headers are ignored, missing required ones refuse the file.
import { AppError } from '../http/app-error';
import { IMPORT_COLUMNS, OPTIONAL_COLUMNS, columnOfHeader, type ImportColumn } from './columns';
import { parseCsv } from './csv';
import { isUnstorable } from '../http/unstorable-text';
import { decodeCsvBytes } from './decode-text';
import { emptyRowValues, type ImportRow } from './parse-households';
import { readXlsxSheets } from './xlsx-table';

const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];

export function isXlsx(bytes: Uint8Array): boolean {
  return ZIP_SIGNATURE.every((byte, index) => bytes[index] === byte);
}

const isBlank = (cells: readonly string[]) => cells.every((cell) => cell.trim() === '');

/** Whether a sheet's first non-blank row names the household key and a person's name: a list to import. */
function holdsList(table: readonly string[][]): boolean {
  const header = table.find((cells) => !isBlank(cells)) ?? [];
  const columns = new Set(header.map(columnOfHeader));
  return columns.has('household_key') && columns.has('person_name');
}

export interface ImportTable {
  rows: ImportRow[];
  /**
   * Worksheets after the first that hold a list too (one sheet per village is common). Only the first is
   * read: the answer names the others, so the office imports them as files of their own.
   */
  sheetsNotRead: string[];
}

export async function readImportTable(bytes: Uint8Array): Promise<ImportTable> {
  if (bytes.length === 0) throw new AppError('IMPORT_UNREADABLE');
  if (!isXlsx(bytes)) return { rows: readImportRows(parseCsv(decodeCsvBytes(bytes))), sheetsNotRead: [] };
  const [first, ...others] = await readXlsxSheets(bytes);
  return { rows: readImportRows(first.rows), sheetsNotRead: others.filter((sheet) => holdsList(sheet.rows)).map((sheet) => sheet.name) };
}

function readImportRows(table: readonly string[][]): ImportRow[] {
  const headerIndex = table.findIndex((cells) => !isBlank(cells));
  if (headerIndex < 0) throw new AppError('IMPORT_UNREADABLE');
  const positions = new Map<ImportColumn, number>();
  table[headerIndex].forEach((header, index) => {
    const column = columnOfHeader(header);
    if (column && !positions.has(column)) positions.set(column, index);
  });
  const missing = IMPORT_COLUMNS.filter((column) => !positions.has(column) && !OPTIONAL_COLUMNS.includes(column));
  if (missing.length > 0) throw new AppError('IMPORT_COLUMNS_MISSING', Object.fromEntries(missing.map((column) => [column, 'validation.required'])));
  const optionalColumns = new Set<ImportColumn>(OPTIONAL_COLUMNS.filter((column) => positions.has(column)));
  const rows: ImportRow[] = [];
  for (let index = headerIndex + 1; index < table.length; index += 1) {
    const cells = table[index];
    if (isBlank(cells)) continue;
    const values = emptyRowValues();
    for (const [column, position] of positions) {
      const value = (cells[position] ?? '').trim();
      // A NUL or a lone surrogate (a damaged file) could not be stored: the file is refused as unreadable.
      if (isUnstorable(value)) throw new AppError('IMPORT_UNREADABLE');
      values[column] = value;
    }
    rows.push({ row: index + 1, values, optionalColumns });
  }
  // An optional column with nothing in any row is a list that does not know those values (a file made
  // from the template and left blank there), not one that says "none" for everyone: it clears nothing.
  for (const column of [...optionalColumns]) if (rows.every((row) => row.values[column] === '')) optionalColumns.delete(column);
  return rows;
}
