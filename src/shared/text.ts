// Vietnamese text helpers (domain.md, "Vietnamese text"): accent-insensitive search, sorting people by
// given name, and Vietnamese number formats. Pure functions; the Intl objects are built once per module
// because constructing a Collator or NumberFormat is far slower than using one, and lists of thousands of
// people are sorted and rendered on cheap phones.

/**
 * The one collator for Vietnamese ordering (a < ă < â, d < đ, tones after the base letter).
 * Shared so every list in the app sorts the same way.
 */
export const viCollator = new Intl.Collator('vi');

/** Village names in Vietnamese order, their numbers as numbers: "Thôn 2" before "Thôn 10", "Đồng" after "Dọc". */
const villageCollator = new Intl.Collator('vi', { numeric: true });
export function compareVillageNames(a: string, b: string): number {
  return villageCollator.compare(a, b);
}

// Android keyboards often type a typographic apostrophe (’) where the register holds a straight one
// ("H'Thoan"); both must find the same person.
const APOSTROPHE_VARIANTS = /[\u2018\u2019\u02BC]/g;
const COMBINING_MARKS = /[\u0300-\u036f]/g;
const WHITESPACE_RUN = /\s+/g;

/**
 * Folds text for accent-insensitive search: NFD, combining marks dropped, đ/Đ → d, lower case,
 * whitespace collapsed and trimmed. "Nguyễn  Văn Đặng" → "nguyen van dang". Apostrophes are kept.
 * đ needs its own mapping because it is a letter of its own, not d plus a combining mark.
 */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .toLowerCase()
    .replace(/đ/g, 'd')
    .replace(APOSTROPHE_VARIANTS, "'")
    .replace(WHITESPACE_RUN, ' ')
    .trim();
}

/**
 * True when every word of the query occurs somewhere in the already folded haystack, in any order:
 * "an nguyen" finds "Nguyễn Văn An". An empty query matches everything.
 * The haystack is folded once by the caller (e.g. when a record is saved), not on every keystroke.
 */
export function matchesSearch(haystackFolded: string, query: string): boolean {
  // A phone number typed with dots or dashes; else (an address such as "12-14") the words as typed.
  const phone = phoneForms(query);
  if (phone?.some((form) => haystackFolded.includes(form))) return true;
  const words = foldVietnamese(query).split(' ').filter((word) => word !== '');
  return words.every((word) => haystackFolded.includes(word));
}

/**
 * A query that is a phone number as people write it ("0912.345.678", "0912-345-678", "(0912) 345 678",
 * "+84 912 345 678"): the forms a phone is stored in (digits, with 0 or +84 first: the household form
 * keeps what was typed without its spaces and dots). Null for anything else.
 */
function phoneForms(query: string): string[] | null {
  const trimmed = query.trim();
  if (!/^\+?[\d\s.()-]+$/.test(trimmed) || !/[.()+-]/.test(trimmed)) return null;
  const digits = trimmed.replace(/\D/g, '');
  if (digits.length < 4) return null;
  const local = trimmed.startsWith('+84') ? `0${digits.slice(2)}` : digits;
  return local.startsWith('0') ? [local, `+84${local.slice(1)}`] : [local];
}

/** The given name: the last word of a Vietnamese full name ("Nguyễn Văn An" → "An"). */
export function givenName(fullName: string): string {
  return /\S+$/.exec(fullName.trim())?.[0] ?? '';
}

/**
 * Orders people the way Vietnamese lists do: by given name, then by the full name, with the
 * Vietnamese collator. Usable directly as an Array.prototype.sort comparator on names.
 */
export function compareByGivenName(a: string, b: string): number {
  return viCollator.compare(givenName(a), givenName(b)) || viCollator.compare(a.trim(), b.trim());
}

/**
 * `items` in compareByGivenName's order of their names, each given name found once rather than in every
 * comparison: sorting a village of 7,350 households ran the given-name search ~190,000 times. Items with
 * the same name keep their order, or follow `tieBreak` when given.
 */
export function sortByGivenName<T>(items: readonly T[], nameOf: (item: T) => string, tieBreak?: (a: T, b: T) => number): T[] {
  const keyed = items.map((item) => {
    const full = nameOf(item).trim();
    return { item, full, given: givenName(full) };
  });
  keyed.sort((a, b) => viCollator.compare(a.given, b.given) || viCollator.compare(a.full, b.full) || (tieBreak ? tieBreak(a.item, b.item) : 0));
  return keyed.map((entry) => entry.item);
}

const numberFormats = new Map<number | undefined, Intl.NumberFormat>();

function numberFormat(fractionDigits: number | undefined): Intl.NumberFormat {
  let format = numberFormats.get(fractionDigits);
  if (!format) {
    format = new Intl.NumberFormat(
      'vi-VN',
      fractionDigits === undefined
        ? {}
        : { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits },
    );
    numberFormats.set(fractionDigits, format);
  }
  return format;
}

/**
 * A number as Vietnamese write it: "." groups thousands, "," is the decimal mark (1234.5 → "1.234,5").
 * With `fractionDigits` the number is rounded to exactly that many decimals.
 */
export function formatNumberVi(value: number, fractionDigits?: number): string {
  return numberFormat(fractionDigits).format(value);
}

// Built on first use: an Intl formatter costs 20–45 ms on a phone-speed CPU, and the app shell imports
// this module before the household list, which shows no percentage.
let percentFormat: Intl.NumberFormat | undefined;
function percentFormatVi(): Intl.NumberFormat {
  percentFormat ??= new Intl.NumberFormat('vi-VN', { style: 'percent', minimumFractionDigits: 0, maximumFractionDigits: 1 });
  return percentFormat;
}

// Display bounds for a rate strictly between 0 and 1, at one decimal of a percent.
const SMALLEST_SHOWN_RATE = 0.001;
const LARGEST_SHOWN_RATE_BELOW_ONE = 0.999;

/**
 * A rate (0..1, or above 1 when a village has more households than expected) as a percentage with at
 * most one decimal: 0.8333 → "83,3%", 1 → "100%", null (nothing to count) → "—".
 * Rounding never shows "100%" for a target that is not yet met, nor "0%" when someone has it:
 * 4,999 of 5,000 reads "99,9%", and 1 of 5,000 reads "0,1%".
 */
export function formatPercentVi(rate: number | null): string {
  if (rate === null || Number.isNaN(rate)) return '—';
  return percentFormatVi().format(clampAwayFromBounds(rate));
}

function clampAwayFromBounds(rate: number): number {
  if (rate > 0 && rate < SMALLEST_SHOWN_RATE) return SMALLEST_SHOWN_RATE;
  if (rate < 1 && rate > LARGEST_SHOWN_RATE_BELOW_ONE) return LARGEST_SHOWN_RATE_BELOW_ONE;
  return rate;
}

/**
 * A whole count as people type it in Vietnam: "1200", "1.200" or "1 200" (the dot groups thousands, as
 * formatNumberVi writes it). Empty text is null (not given); anything else — a decimal "1,5", letters, a
 * misplaced group "12.00" — is undefined (invalid).
 */
export function parseCountVi(text: string, max = 999_999): number | null | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (!/^(\d{1,3}([. \u00a0]\d{3})+|\d+)$/.test(trimmed)) return undefined;
  const value = Number(trimmed.replace(/[. \u00a0]/g, ''));
  return value <= max ? value : undefined;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Whether PostgreSQL can store the text: no U+0000 (text columns) and no lone UTF-16 surrogate (jsonb).
 * Pasted text can carry either; the phone's forms refuse it at once, and the server refuses any request
 * carrying it, so it would otherwise stop the phone's queue at the first push.
 */
export function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && !LONE_SURROGATE.test(text);
}
