// From the rows of an import file to households with their persons, checked with the shared zod schemas
// (the same rules as a phone's form and the server's push). Each problem is reported once, on the row
// and column where it is, with a stable code and a Vietnamese message. A household (the rows sharing a
// household_key) with any problem is rejected whole; the others are ready to be written.
import type { z } from 'zod';
import { householdFieldsSchema, personFieldsSchema } from '../../shared/schemas';
import {
  BUSINESS_KINDS, RELATIONS, RESIDENCIES, SEXES, SIGNATURE_STATUSES, SKILLS_STATUSES, SMARTPHONE_STATUSES, VNEID_STATUSES,
} from '../../shared/statuses';
import type { HouseholdFields, PersonFields, Village } from '../../shared/types';
import { foldVietnamese } from '../../shared/text';
import { readBoolean, readChoice, readDate, readPhone, readYear, type CellResult } from './cell-values';
import { IMPORT_COLUMNS, type ImportColumn } from './columns';

export interface RowError {
  column: ImportColumn;
  code: string;
  message: string;
}

export interface RejectedRow {
  /** The row number as Excel shows it (the header is row 1). */
  row: number;
  household_key: string;
  errors: RowError[];
}

/** Household fields the file carries (consent is never in a list: it is recorded at the visit). */
export type ImportedHouseholdFields = Pick<HouseholdFields, 'address' | 'headName' | 'phone' | 'business' | 'acceptsCashless'>;
export type ImportedPersonFields = Omit<PersonFields, 'householdId'>;

export interface ImportedHousehold {
  key: string;
  villageId: string;
  fields: ImportedHouseholdFields;
  persons: { row: number; fields: ImportedPersonFields; cleared: ClearedPersonField[] }[];
  /** Optional household fields the file leaves empty in a column it has. */
  cleared: ClearedHouseholdField[];
}

/** Whether the row's file has this optional column and the row leaves it empty. */
function emptyInFile(row: ImportRow, column: ImportColumn): boolean {
  return (row.optionalColumns?.has(column) ?? true) && row.values[column].trim() === '';
}

export interface ParsedImport {
  households: ImportedHousehold[];
  rejected: RejectedRow[];
  /** Households rejected because at least one of their rows has a problem. */
  rejectedHouseholds: number;
}

export interface ImportRow {
  row: number;
  values: Record<ImportColumn, string>;
  /**
   * The optional columns the file has (read-table.ts): an empty cell in one of them says "none", and
   * clears what an earlier list set; a column the file lacks says nothing. Absent: the file has them all.
   */
  optionalColumns?: ReadonlySet<ImportColumn>;
}

/** Optional fields an empty cell of the file clears (its column is in the file). */
export type ClearedHouseholdField = 'phone';
export type ClearedPersonField = 'birthDate';

/** Schema field → the column it comes from. */
const COLUMN_OF_FIELD: Record<string, ImportColumn> = {
  address: 'address', headName: 'head_name', phone: 'phone', business: 'business', acceptsCashless: 'accepts_cashless',
  fullName: 'person_name', birthYear: 'birth_year', birthDate: 'birth_date', sex: 'sex', relation: 'relation', residency: 'residency',
  vneid: 'vneid', digitalSignature: 'digital_signature', healthBook: 'health_book', paymentAccount: 'payment_account',
  usesCashless: 'uses_cashless', smartphone: 'smartphone', digitalSkills: 'digital_skills', onlinePublicServices: 'online_public_services',
};

/** The shared schemas' i18n keys → import codes and messages. */
const SCHEMA_PROBLEMS: Record<string, { code: string; message: string }> = {
  'validation.required': { code: 'required', message: 'Ô này không được để trống.' },
  'validation.tooLong': { code: 'too_long', message: 'Nội dung quá dài. Rút gọn lại.' },
  'validation.phone': { code: 'invalid_phone', message: 'Số điện thoại không hợp lệ. Ghi 10 chữ số bắt đầu bằng 0, ví dụ 0912345678.' },
  'validation.birthYear': { code: 'birth_year_out_of_range', message: 'Năm sinh phải từ 1900 đến năm nay.' },
  'validation.birthDateYear': { code: 'birth_date_year_mismatch', message: 'Năm của ngày sinh khác năm sinh. Sửa cho khớp.' },
  'validation.date': { code: 'invalid_date', message: 'Ngày không hợp lệ. Ghi theo dạng ngày/tháng/năm.' },
};

/** Two or more villages answer to what a row wrote (two "Thôn 1" after communes merged). */
export const AMBIGUOUS = 'ambiguous';

/**
 * The village a row names by its code or its name, accents and case ignored. A text that fits more than
 * one village — two "Thôn 1" after communes merged, codes "t1" and "T1", one village's code that is
 * another's name — is AMBIGUOUS: picking one would file the row's people under the wrong village
 * without a word.
 */
export function villageFinder(villages: readonly Village[]): (text: string) => Village | typeof AMBIGUOUS | undefined {
  const byText = new Map<string, Set<Village>>();
  for (const village of villages) {
    for (const key of [village.code, village.name]) {
      if (!key) continue;
      const folded = foldVietnamese(key);
      byText.set(folded, (byText.get(folded) ?? new Set()).add(village));
    }
  }
  return (text) => {
    const found = byText.get(foldVietnamese(text));
    if (!found) return undefined;
    return found.size === 1 ? [...found][0] : AMBIGUOUS;
  };
}

class RowChecker {
  readonly errors: RowError[] = [];

  constructor(readonly row: ImportRow) {}

  add(column: ImportColumn, code: string, message: string): void {
    // One error per column: the first problem found is the one to fix.
    if (!this.errors.some((error) => error.column === column)) this.errors.push({ column, code, message });
  }

  take<T>(column: ImportColumn, result: CellResult<T>): T | undefined {
    if (result.ok) return result.value;
    this.add(column, result.problem.code, result.problem.message);
    return undefined;
  }

  schemaIssues(issues: readonly z.core.$ZodIssue[]): void {
    for (const issue of issues) {
      const column = COLUMN_OF_FIELD[String(issue.path[0])];
      if (!column) continue;
      const known = SCHEMA_PROBLEMS[issue.message];
      this.add(column, known?.code ?? 'invalid_value', known?.message ?? 'Giá trị không hợp lệ.');
    }
  }
}

function readHouseholdFields(check: RowChecker): ImportedHouseholdFields | undefined {
  const v = check.row.values;
  const business = check.take('business', readChoice(v.business, 'business', BUSINESS_KINDS, 'none'));
  const acceptsCashless = check.take('accepts_cashless', readBoolean(v.accepts_cashless));
  const phone = readPhone(v.phone);
  const candidate = { address: v.address, headName: v.head_name, ...(phone ? { phone } : {}), business: business ?? 'none', acceptsCashless: acceptsCashless ?? false, consentGiven: false };
  const parsed = householdFieldsSchema.safeParse(candidate);
  if (!parsed.success) check.schemaIssues(parsed.error.issues);
  if (!parsed.success || business === undefined || acceptsCashless === undefined) return undefined;
  const { address, headName, phone: checkedPhone } = parsed.data;
  return { address, headName, ...(checkedPhone ? { phone: checkedPhone } : {}), business, acceptsCashless };
}

function readPersonFields(check: RowChecker): ImportedPersonFields | undefined {
  const v = check.row.values;
  const fields = {
    fullName: v.person_name,
    birthYear: check.take('birth_year', readYear(v.birth_year)),
    birthDate: check.take('birth_date', readDate(v.birth_date)),
    sex: check.take('sex', readChoice(v.sex, 'sex', SEXES)),
    relation: check.take('relation', readChoice(v.relation, 'relation', RELATIONS)),
    residency: check.take('residency', readChoice(v.residency, 'residency', RESIDENCIES)),
    vneid: check.take('vneid', readChoice(v.vneid, 'vneid', VNEID_STATUSES, 'none')),
    digitalSignature: check.take('digital_signature', readChoice(v.digital_signature, 'digital_signature', SIGNATURE_STATUSES, 'none')),
    healthBook: check.take('health_book', readBoolean(v.health_book)),
    paymentAccount: check.take('payment_account', readBoolean(v.payment_account)),
    usesCashless: check.take('uses_cashless', readBoolean(v.uses_cashless)),
    smartphone: check.take('smartphone', readChoice(v.smartphone, 'smartphone', SMARTPHONE_STATUSES, 'none')),
    digitalSkills: check.take('digital_skills', readChoice(v.digital_skills, 'digital_skills', SKILLS_STATUSES, 'none')),
    onlinePublicServices: check.take('online_public_services', readBoolean(v.online_public_services)),
  };
  // Cells already reported keep their one error; the schema judges the rest (name, year range, date).
  const parsed = personFieldsSchema.safeParse({ householdId: 'import', ...fields });
  if (!parsed.success) check.schemaIssues(parsed.error.issues.filter((issue) => !check.errors.some((e) => e.column === COLUMN_OF_FIELD[String(issue.path[0])])));
  if (!parsed.success || check.errors.length > 0) return undefined;
  const { householdId: _placeholder, ...person } = parsed.data;
  // An empty optional cell is no value, not a value "undefined": whether it clears a stored one is the
  // writer's to decide (ImportedHousehold.persons[].cleared, only where the file has the column).
  return Object.fromEntries(Object.entries(person).filter(([, value]) => value !== undefined)) as ImportedPersonFields;
}

const HOUSEHOLD_COLUMNS: readonly (keyof ImportedHouseholdFields)[] = ['address', 'headName', 'phone', 'business', 'acceptsCashless'];

export function parseHouseholds(rows: readonly ImportRow[], villages: readonly Village[]): ParsedImport {
  const findVillage = villageFinder(villages);
  const groups = new Map<string, { first: ImportRow; villageId?: string; household?: ImportedHousehold; failed: boolean; seen: Map<string, number> }>();
  const rejected: RejectedRow[] = [];
  for (const row of rows) {
    const key = row.values.household_key.trim();
    const check = new RowChecker(row);
    if (key === '') check.add('household_key', 'required', 'Thiếu mã hộ. Các dòng cùng một hộ ghi cùng một mã hộ.');
    else if (key.length > 64) check.add('household_key', 'too_long', 'Mã hộ dài quá 64 ký tự.');
    const found = row.values.village.trim() === '' ? undefined : findVillage(row.values.village);
    const village = found === AMBIGUOUS ? undefined : found;
    if (row.values.village.trim() === '') check.add('village', 'required', 'Thiếu tên thôn. Ghi tên hoặc mã thôn đã tạo ở màn hình Quản trị.');
    else if (found === AMBIGUOUS) check.add('village', 'ambiguous_village', `Xã có nhiều thôn ứng với "${row.values.village.trim()}" (tên hoặc mã trùng nhau, không kể dấu và chữ hoa). Ghi mã riêng của thôn; nếu mã cũng trùng, sửa tên hoặc mã ở màn hình Quản trị trước.`);
    else if (!village) check.add('village', 'unknown_village', `Xã chưa có thôn "${row.values.village.trim()}". Ghi đúng tên hoặc mã thôn, hoặc tạo thôn trước ở màn hình Quản trị.`);

    let group = key === '' ? undefined : groups.get(key);
    if (key !== '' && !group) {
      group = { first: row, villageId: village?.id, failed: false, seen: new Map() };
      groups.set(key, group);
    }
    if (group && group.first !== row && village && group.villageId && village.id !== group.villageId) {
      check.add('village', 'household_key_other_village', `Mã hộ "${key}" đã dùng cho một thôn khác ở dòng ${group.first.row}. Mỗi hộ thuộc một thôn: sửa mã hộ hoặc tên thôn.`);
    }

    const householdFields = readHouseholdFieldsOf(check, group !== undefined && group.first !== row, group?.household);
    const person = readPersonFields(check);
    if (group && person) {
      const identity = `${foldVietnamese(person.fullName)}|${person.birthYear}`;
      const earlier = group.seen.get(identity);
      if (earlier !== undefined) check.add('person_name', 'duplicate_person', `Người này đã có ở dòng ${earlier} của cùng hộ (cùng họ tên và năm sinh). Xoá dòng trùng.`);
      else group.seen.set(identity, row.row);
    }

    if (check.errors.length > 0) {
      rejected.push({ row: row.row, household_key: key, errors: check.errors });
      if (group) group.failed = true;
      continue;
    }
    if (!group || !person || !village) continue;
    group.household ??= { key, villageId: village.id, fields: householdFields!, persons: [], cleared: emptyInFile(row, 'phone') ? ['phone'] : [] };
    group.household.persons.push({ row: row.row, fields: person, cleared: emptyInFile(row, 'birth_date') ? ['birthDate'] : [] });
  }
  const households: ImportedHousehold[] = [];
  let rejectedHouseholds = 0;
  for (const group of groups.values()) {
    if (group.failed) rejectedHouseholds += 1;
    else if (group.household) households.push(group.household);
  }
  return { households, rejected, rejectedHouseholds };
}

/**
 * The household columns of a row. The first row of a household gives them; a later row may leave them
 * empty, but one that fills them differently contradicts the first.
 */
function readHouseholdFieldsOf(check: RowChecker, laterRow: boolean, household: ImportedHousehold | undefined): ImportedHouseholdFields | undefined {
  const v = check.row.values;
  if (!laterRow) return readHouseholdFields(check);
  const blank = v.address.trim() === '' && v.head_name.trim() === '' && v.phone.trim() === '' && v.business.trim() === '' && v.accepts_cashless.trim() === '';
  // The first row's own problems are reported there, not again on every later row of the household.
  if (blank || !household) return household?.fields;
  const own = readHouseholdFields(check);
  if (!own) return undefined;
  for (const field of HOUSEHOLD_COLUMNS) {
    const column = COLUMN_OF_FIELD[field];
    const cellEmpty = v[column].trim() === '';
    if (!cellEmpty && own[field] !== household.fields[field]) {
      check.add(column, 'household_value_differs', 'Khác với dòng đầu tiên của cùng hộ. Ghi giống nhau, hoặc để trống ở các dòng sau.');
    }
  }
  return household.fields;
}

export function emptyRowValues(): Record<ImportColumn, string> {
  return Object.fromEntries(IMPORT_COLUMNS.map((column) => [column, ''])) as Record<ImportColumn, string>;
}
