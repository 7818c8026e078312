// The worksheets of an XLSX file as rows of text, as the CSV reader gives them: dates typed as Excel
// dates become dd/mm/yyyy, numbers their plain digits, formulas their result.
import ExcelJS from 'exceljs';
import { AppError } from '../http/app-error';

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  // exceljs gives Excel dates as Date objects at UTC midnight of the calendar day.
  if (value instanceof Date) return `${pad(value.getUTCDate())}/${pad(value.getUTCMonth() + 1)}/${value.getUTCFullYear()}`;
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    if ('error' in value) return '';
    return '';
  }
  return String(value);
}

export interface XlsxSheet {
  name: string;
  rows: string[][];
}

/** Every worksheet, in the workbook's order (the import reads the first; read-table.ts). */
export async function readXlsxSheets(bytes: Uint8Array): Promise<XlsxSheet[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer);
  } catch {
    throw new AppError('IMPORT_UNREADABLE');
  }
  if (workbook.worksheets.length === 0) throw new AppError('IMPORT_UNREADABLE');
  return workbook.worksheets.map((sheet) => {
    const rows: string[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
      const cells: string[] = [];
      for (let column = 1; column <= sheet.columnCount; column += 1) cells.push(cellText(row.getCell(column).value));
      rows[rowNumber - 1] = cells;
    });
    // eachRow skips nothing with includeEmpty, but rows before the first written one may be holes.
    return { name: sheet.name, rows: Array.from(rows, (row) => row ?? []) };
  });
}
