// The first worksheet of an XLSX file as rows of text, as the CSV reader gives them: dates typed as Excel
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

export async function readXlsxTable(bytes: Uint8Array): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer);
  } catch {
    throw new AppError('IMPORT_UNREADABLE');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new AppError('IMPORT_UNREADABLE');
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let column = 1; column <= sheet.columnCount; column += 1) cells.push(cellText(row.getCell(column).value));
    rows[rowNumber - 1] = cells;
  });
  // eachRow skips nothing with includeEmpty, but rows before the first written one may be holes.
  return Array.from(rows, (row) => row ?? []);
}
