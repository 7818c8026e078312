// The summary as CSV (RFC 4180, comma-separated, CRLF), UTF-8 with a byte-order mark: without it Excel
// reads the file as the machine's legacy code page and garbles every Vietnamese letter. No title line
// (importers expect the header first): each row carries its month and report date instead. Rates are
// plain decimals (0.8125) so a spreadsheet or a script can compute with them.
import { formatDateVi } from '../../shared/dates';
import { formatMonthVi } from '../../shared/months';
import { SUMMARY_HEADERS_VI } from './labels-vi';
import type { MonthlyReport } from './monthly-report';
import { summaryRows } from './summary-rows';

const BOM = '\uFEFF';
export const CSV_HEADERS_VI = ['Tháng', 'Số liệu đến ngày', ...SUMMARY_HEADERS_VI] as const;

function field(value: string | number | null): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? String(Math.round(value * 1e6) / 1e6) : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function summaryCsv(report: MonthlyReport): string {
  const when = [formatMonthVi(report.month), formatDateVi(report.asOf)];
  const lines = [[...CSV_HEADERS_VI], ...summaryRows(report).map((row) => [...when, ...row])].map((row) => row.map(field).join(','));
  return BOM + lines.join('\r\n') + '\r\n';
}
