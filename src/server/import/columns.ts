// The columns of an import file (issue 5), in template order, with their Vietnamese headers. A header is
// recognised by its column key ("birth_year"), its Vietnamese label ("Năm sinh") or both as the template
// writes them ("Năm sinh (birth_year)"), without regard to accents, case or spacing — village heads
// retype headers.
import { foldVietnamese } from '../../shared/text';

export const IMPORT_COLUMNS = [
  'household_key', 'village', 'address', 'head_name', 'phone', 'business', 'accepts_cashless',
  'person_name', 'birth_year', 'birth_date', 'sex', 'relation', 'residency', 'vneid', 'digital_signature',
  'health_book', 'payment_account', 'uses_cashless', 'smartphone', 'digital_skills', 'online_public_services',
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

/** Columns that may be left out of the file entirely (everything else must have a header). */
export const OPTIONAL_COLUMNS: readonly ImportColumn[] = ['phone', 'birth_date'];

export const COLUMN_LABELS_VI: Record<ImportColumn, string> = {
  household_key: 'Mã hộ',
  village: 'Thôn',
  address: 'Địa chỉ',
  head_name: 'Chủ hộ',
  phone: 'Số điện thoại',
  business: 'Kinh doanh',
  accepts_cashless: 'Nhận thanh toán không tiền mặt',
  person_name: 'Họ và tên',
  birth_year: 'Năm sinh',
  birth_date: 'Ngày sinh',
  sex: 'Giới tính',
  relation: 'Quan hệ với chủ hộ',
  residency: 'Cư trú',
  vneid: 'VNeID',
  digital_signature: 'Chữ ký số',
  health_book: 'Sổ sức khỏe điện tử',
  payment_account: 'Tài khoản thanh toán',
  uses_cashless: 'Dùng thanh toán không tiền mặt',
  smartphone: 'Điện thoại thông minh',
  digital_skills: 'Kỹ năng số',
  online_public_services: 'Dịch vụ công trực tuyến',
};

/** The header the template writes: the Vietnamese label with the column key, so both read it. */
export function templateHeader(column: ImportColumn): string {
  return `${COLUMN_LABELS_VI[column]} (${column})`;
}

const fold = (text: string) => foldVietnamese(text).replace(/[\s_]+/g, ' ');
const BY_FOLDED = new Map<string, ImportColumn>();
for (const column of IMPORT_COLUMNS) {
  BY_FOLDED.set(fold(column), column);
  BY_FOLDED.set(fold(COLUMN_LABELS_VI[column]), column);
  BY_FOLDED.set(fold(templateHeader(column)), column);
}

/** The column a header names, or undefined for a column this import does not know (ignored). */
export function columnOfHeader(header: string): ImportColumn | undefined {
  const folded = fold(header);
  const direct = BY_FOLDED.get(folded);
  if (direct) return direct;
  const inParentheses = /\(([^)]+)\)\s*$/.exec(folded);
  return inParentheses ? BY_FOLDED.get(inParentheses[1].trim()) : undefined;
}
