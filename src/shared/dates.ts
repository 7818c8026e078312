// Calendar dates in Vietnam's local time (Asia/Ho_Chi_Minh, UTC+7, no daylight saving), as domain.md asks:
// "today", month ends and `asOf` defaults are Vietnamese dates on the phone and on the server alike.
// Dates travel as ISO YYYY-MM-DD; people see dd/mm/yyyy.

const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const VI_DATE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;

/** Today's date in Vietnam as YYYY-MM-DD. `now` is injectable so tests control the clock. */
export function todayInVietnam(now: Date = new Date()): string {
  return new Date(now.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

export function currentYearInVietnam(now: Date = new Date()): number {
  return Number(todayInVietnam(now).slice(0, 4));
}

/**
 * The earliest year a person may type or ask a report for (birth years start there too). Stored records
 * are held to less (isValidIsoDate): a visit typed as 12/11/1025 before this rule existed must still
 * reach the phones, which check every pulled record with the same schemas.
 */
export const EARLIEST_YEAR = 1900;

/**
 * True for a real calendar date written YYYY-MM-DD that PostgreSQL can store: year 0001 on (rejects
 * 2025-02-30, and year 0000, a valid ISO string that PostgreSQL refuses — a push carrying it failed whole).
 */
export function isValidIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** "2025-03-07" → "07/03/2025". Anything that is not an ISO date is returned unchanged. */
export function formatDateVi(iso: string): string {
  const match = ISO_DATE.exec(iso);
  return match ? `${match[3]}/${match[2]}/${match[1]}` : iso;
}

/** True for a real date from EARLIEST_YEAR on: what a person may type, or ask a report for. */
export function isPlausibleIsoDate(value: string): boolean {
  return isValidIsoDate(value) && Number(value.slice(0, 4)) >= EARLIEST_YEAR;
}

/** "7/3/2025" or "07/03/2025" → "2025-03-07"; null when it is not a real date from EARLIEST_YEAR on. */
export function parseDateVi(text: string): string | null {
  const match = VI_DATE.exec(text.trim());
  if (!match) return null;
  const iso = `${match[3]}-${match[2].padStart(2, '0')}-${match[1].padStart(2, '0')}`;
  return isPlausibleIsoDate(iso) ? iso : null;
}

/**
 * Age at the report date, as domain.md defines it: full years from `birthDate` when present,
 * else `asOf.year − birthYear`.
 */
export function ageAt(person: { birthYear: number; birthDate?: string }, asOf: string): number {
  const asOfYear = Number(asOf.slice(0, 4));
  if (!person.birthDate) return asOfYear - person.birthYear;
  const birthYear = Number(person.birthDate.slice(0, 4));
  const hadBirthday = person.birthDate.slice(5) <= asOf.slice(5);
  return asOfYear - birthYear - (hadBirthday ? 0 : 1);
}

/** The last day of a YYYY-MM month as YYYY-MM-DD. */
export function monthEnd(month: string): string {
  const [year, mon] = month.split('-').map(Number);
  return `${month}-${String(daysInMonth(year, mon)).padStart(2, '0')}`;
}
