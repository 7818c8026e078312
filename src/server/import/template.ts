// The import template: Vietnamese headers (with each column's key), one example household of two people,
// and, in the workbook, a sheet explaining the values. The CSV starts with a UTF-8 byte-order mark so
// Excel opens its accents correctly.
import ExcelJS from 'exceljs';
import {
  BUSINESS_KINDS, RELATIONS, RESIDENCIES, SEXES, SIGNATURE_STATUSES, SKILLS_STATUSES, SMARTPHONE_STATUSES, VNEID_STATUSES,
} from '../../shared/statuses';
import { COLUMN_LABELS_VI, IMPORT_COLUMNS, templateHeader, type ImportColumn } from './columns';

const EXAMPLE_ROWS: Record<ImportColumn, string>[] = [
  {
    household_key: 'H001', village: 'Thôn Đông', address: 'Số 12, đường Trục thôn', head_name: 'Nguyễn Văn An', phone: '0912345678',
    business: 'retail', accepts_cashless: 'có', person_name: 'Nguyễn Văn An', birth_year: '1975', birth_date: '07/03/1975', sex: 'male',
    relation: 'head', residency: 'permanent', vneid: 'level2', digital_signature: 'none', health_book: '1', payment_account: '1',
    uses_cashless: 'x', smartphone: 'own', digital_skills: 'attended', online_public_services: '1',
  },
  {
    household_key: 'H001', village: 'Thôn Đông', address: '', head_name: '', phone: '', business: '', accepts_cashless: '',
    person_name: 'Trần Thị Bình', birth_year: '1980', birth_date: '', sex: 'female', relation: 'spouse', residency: 'permanent',
    vneid: 'level1', digital_signature: 'none', health_book: '0', payment_account: 'không', uses_cashless: '', smartphone: 'shared',
    digital_skills: 'none', online_public_services: '0',
  },
];

const BOOLEAN_HELP = '1 / có / x = có; 0 / không / để trống = không';
const VALUE_HELP: Partial<Record<ImportColumn, string>> = {
  household_key: 'Mã tự đặt, mỗi hộ một mã; các dòng cùng hộ ghi cùng mã. Nhập lại tệp không tạo hộ trùng.',
  village: 'Tên hoặc mã thôn đã tạo trong màn hình Quản trị',
  address: 'Bắt buộc ở dòng đầu của hộ',
  head_name: 'Bắt buộc ở dòng đầu của hộ',
  phone: 'Không bắt buộc; 10 chữ số bắt đầu bằng 0',
  business: BUSINESS_KINDS.join(', '),
  accepts_cashless: BOOLEAN_HELP,
  person_name: 'Bắt buộc',
  birth_year: 'Bắt buộc, từ 1900 đến năm nay',
  birth_date: 'Không bắt buộc; ngày/tháng/năm, ví dụ 07/03/1975',
  sex: `${SEXES.join(', ')} (hoặc Nam, Nữ)`,
  relation: RELATIONS.join(', '),
  residency: RESIDENCIES.join(', '),
  vneid: VNEID_STATUSES.join(', '),
  digital_signature: SIGNATURE_STATUSES.join(', '),
  smartphone: SMARTPHONE_STATUSES.join(', '),
  digital_skills: SKILLS_STATUSES.join(', '),
};

function csvCell(value: string): string {
  return /[",;\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function templateCsv(): string {
  const lines = [IMPORT_COLUMNS.map(templateHeader), ...EXAMPLE_ROWS.map((row) => IMPORT_COLUMNS.map((column) => row[column]))];
  return `\uFEFF${lines.map((cells) => cells.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

export async function templateXlsx(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Danh sách');
  sheet.addRow(IMPORT_COLUMNS.map(templateHeader)).font = { bold: true };
  // Text cells, so Excel keeps a phone's leading 0 and a date as typed.
  for (const row of EXAMPLE_ROWS) sheet.addRow(IMPORT_COLUMNS.map((column) => row[column]));
  IMPORT_COLUMNS.forEach((_, index) => {
    const column = sheet.getColumn(index + 1);
    column.width = 18;
    column.numFmt = '@';
  });
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  const help = workbook.addWorksheet('Hướng dẫn');
  help.addRow(['Cột', 'Tiêu đề', 'Giá trị']).font = { bold: true };
  for (const column of IMPORT_COLUMNS) help.addRow([column, COLUMN_LABELS_VI[column], VALUE_HELP[column] ?? BOOLEAN_HELP]);
  help.getColumn(2).width = 32;
  help.getColumn(3).width = 80;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
