// Reading one cell of an import row as a domain value. Values are those of domain.md; a few words village
// lists commonly use instead are accepted too (Nam/Nữ, "chủ hộ", "thường trú"), compared without accents
// or case. Each problem is one ImportIssue with a stable code and a Vietnamese message that says what to
// write instead.
import { parseDateVi } from '../../shared/dates';
import { foldVietnamese } from '../../shared/text';

export interface CellProblem {
  code: string;
  message: string;
}

export type CellResult<T> = { ok: true; value: T } | { ok: false; problem: CellProblem };

const ok = <T>(value: T): CellResult<T> => ({ ok: true, value });
const fail = (code: string, message: string): CellResult<never> => ({ ok: false, problem: { code, message } });

const TRUE_WORDS = new Set(['1', 'co', 'x', 'true', 'yes']);
const FALSE_WORDS = new Set(['', '0', 'khong', 'false', 'no']);

export function readBoolean(raw: string): CellResult<boolean> {
  const folded = foldVietnamese(raw);
  if (TRUE_WORDS.has(folded)) return ok(true);
  if (FALSE_WORDS.has(folded)) return ok(false);
  return fail('invalid_boolean', `"${raw}" không phải có/không. Ghi 1, có hoặc x (có); 0, không hoặc để trống (không).`);
}

/** Words accepted for a value besides the value itself. */
const ALIASES: Record<string, Record<string, string>> = {
  sex: { nam: 'male', nu: 'female' },
  relation: { 'chu ho': 'head', vo: 'spouse', chong: 'spouse', 'vo/chong': 'spouse', con: 'child', cha: 'parent', bo: 'parent', me: 'parent', chau: 'grandchild', anh: 'sibling', chi: 'sibling', em: 'sibling', khac: 'other' },
  residency: { 'thuong tru': 'permanent', 'tam tru': 'temporary', 'tam vang': 'absent', 'chuyen di': 'moved', 'da chuyen di': 'moved', 'da mat': 'deceased', 'qua doi': 'deceased' },
  business: { khong: 'none', 'ban le': 'retail', khac: 'other' },
};

/**
 * One of `allowed`; an empty cell is `fallback` when given (an unrecorded status is "none"), otherwise
 * a `required` problem.
 */
export function readChoice<T extends string>(raw: string, column: string, allowed: readonly T[], fallback?: T): CellResult<T> {
  const folded = foldVietnamese(raw);
  if (folded === '') return fallback !== undefined ? ok(fallback) : fail('required', 'Ô này không được để trống.');
  const direct = allowed.find((value) => value === folded.replace(/ /g, '_'));
  const alias = ALIASES[column]?.[folded] as T | undefined;
  const value = direct ?? alias;
  if (value !== undefined && allowed.includes(value)) return ok(value);
  return fail('invalid_value', `"${raw}" không phải giá trị hợp lệ. Ghi một trong: ${allowed.join(', ')}.`);
}

export function readYear(raw: string): CellResult<number> {
  const text = raw.trim();
  if (text === '') return fail('required', 'Thiếu năm sinh. Ghi năm sinh 4 chữ số, ví dụ 1985.');
  if (!/^\d{1,4}$/.test(text)) return fail('not_a_year', `"${raw}" không phải năm. Ghi năm sinh 4 chữ số, ví dụ 1985.`);
  return ok(Number(text));
}

/** dd/mm/yyyy as people write it (ISO yyyy-mm-dd is accepted too); empty → absent. */
export function readDate(raw: string): CellResult<string | undefined> {
  const text = raw.trim();
  if (text === '') return ok(undefined);
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(text) ? text : parseDateVi(text);
  if (!iso || Number.isNaN(Date.parse(`${iso}T00:00:00Z`))) return fail('invalid_date', `"${raw}" không phải ngày hợp lệ. Ghi theo dạng ngày/tháng/năm, ví dụ 07/03/1985.`);
  return ok(iso);
}

/**
 * A phone number as typed; spaces, dots and dashes dropped. Excel drops the leading 0 of a number
 * typed into a numeric cell (0912 345 678 → 912345678): nine digits get it back.
 */
export function readPhone(raw: string): string | undefined {
  const digits = raw.replace(/[\s.\-()]/g, '');
  if (digits === '') return undefined;
  return /^[1-9]\d{8}$/.test(digits) ? `0${digits}` : digits;
}
