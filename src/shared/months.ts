// Report months (YYYY-MM) in Vietnam's calendar: which month a report is for, and the date its figures
// are computed at.
import { EARLIEST_YEAR, monthEnd, todayInVietnam } from './dates';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isValidMonth(value: string): boolean {
  const match = MONTH.exec(value);
  return match !== null && Number(match[1]) >= EARLIEST_YEAR;
}

/** "2026-01" → "2025-12". */
export function previousMonth(month: string): string {
  const [year, mon] = month.split('-').map(Number);
  return mon === 1 ? `${year - 1}-12` : `${year}-${String(mon - 1).padStart(2, '0')}`;
}

/** "2025-12" → "2026-01". */
export function nextMonth(month: string): string {
  const [year, mon] = month.split('-').map(Number);
  return mon === 12 ? `${year + 1}-01` : `${year}-${String(mon + 1).padStart(2, '0')}`;
}

/** The instant a YYYY-MM month ends in Vietnam (UTC+7, no daylight saving): midnight starting the next. */
export function monthEndInstant(month: string): Date {
  return new Date(`${nextMonth(month)}-01T00:00:00+07:00`);
}

export function currentMonthInVietnam(now: Date = new Date()): string {
  return todayInVietnam(now).slice(0, 7);
}

/**
 * The report date of a month: its last day once the month is over, today while it runs (figures cannot
 * be known ahead). Null for a month that has not started.
 */
export function reportDateOf(month: string, now: Date = new Date()): string | null {
  const current = currentMonthInVietnam(now);
  if (month > current) return null;
  return month === current ? todayInVietnam(now) : monthEnd(month);
}

/** "2026-03" → "03/2026", as people write it. */
export function formatMonthVi(month: string): string {
  return `${month.slice(5, 7)}/${month.slice(0, 4)}`;
}
