// The monthly report workbook (exceljs): a summary sheet a commune officer can send as it is, and — for
// the commune administrator — a follow-up sheet. Vietnamese headers, dd/mm/yyyy dates, rates as real
// numbers formatted as percentages (so the province can sum and chart them).
import ExcelJS from 'exceljs';
import { formatDateVi, todayInVietnam } from '../../shared/dates';
import { GAPS } from '../../shared/followup';
import { formatMonthVi } from '../../shared/months';
import { FOLLOW_UP_HEADERS_VI, GAP_LABELS_VI, SUMMARY_HEADERS_VI } from './labels-vi';
import { communeTitle, type MonthlyReport } from './monthly-report';
import { summaryRows } from './summary-rows';
import type { FollowUpRow } from './followup-rows';

export const SUMMARY_SHEET = 'Tổng hợp';
export const FOLLOW_UP_SHEET = 'Cần hỗ trợ';
/** Row of the summary sheet's column headers (title, commune and dates above it). */
export const SUMMARY_HEADER_ROW = 5;
export const FOLLOW_UP_HEADER_ROW = 4;

/** A calendar date as Excel stores it (midnight UTC, no time zone shift), shown dd/mm/yyyy. */
function excelDate(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

function boldHeader(row: ExcelJS.Row): void {
  row.font = { bold: true };
  row.alignment = { vertical: 'middle', wrapText: true };
}

function addSummarySheet(workbook: ExcelJS.Workbook, report: MonthlyReport): void {
  const sheet = workbook.addWorksheet(SUMMARY_SHEET, { views: [{ state: 'frozen', ySplit: SUMMARY_HEADER_ROW }] });
  sheet.getCell('A1').value = `BÁO CÁO CHỈ SỐ CÔNG DÂN SỐ THÁNG ${formatMonthVi(report.month)}`;
  sheet.getCell('A1').font = { bold: true, size: 14 };
  sheet.getCell('A2').value = communeTitle(report.commune);
  sheet.getCell('A3').value = 'Số liệu tính đến ngày';
  sheet.getCell('C3').value = excelDate(report.asOf);
  sheet.getCell('C3').numFmt = 'dd/mm/yyyy';
  sheet.getCell('D3').value = 'Ngày lập';
  sheet.getCell('E3').value = excelDate(report.madeOn);
  sheet.getCell('E3').numFmt = 'dd/mm/yyyy';
  // Where the figures of a month that is over come from (monthly-report.ts).
  sheet.getCell('A4').value = report.snapshotTakenAt
    ? `Số liệu lấy từ bản lưu cuối tháng (lưu ngày ${formatDateVi(todayInVietnam(new Date(report.snapshotTakenAt)))}); chỉ tiêu là chỉ tiêu hiện hành.`
    : null;
  const header = sheet.getRow(SUMMARY_HEADER_ROW);
  header.values = [...SUMMARY_HEADERS_VI];
  boldHeader(header);
  let rowNumber = SUMMARY_HEADER_ROW + 1;
  for (const values of summaryRows(report)) {
    const row = sheet.getRow(rowNumber++);
    row.values = values;
    row.getCell(6).numFmt = '0.0%';
    row.getCell(7).numFmt = '0%';
  }
  sheet.columns.forEach((column, i) => {
    column.width = [28, 22, 44, 10, 10, 10, 10, 14][i] ?? 12;
  });
}

function addFollowUpSheet(workbook: ExcelJS.Workbook, report: MonthlyReport, rows: readonly FollowUpRow[]): void {
  const sheet = workbook.addWorksheet(FOLLOW_UP_SHEET, { views: [{ state: 'frozen', ySplit: FOLLOW_UP_HEADER_ROW }] });
  sheet.getCell('A1').value = `DANH SÁCH NGƯỜI CẦN HỖ TRỢ – ${communeTitle(report.commune)}`;
  sheet.getCell('A1').font = { bold: true, size: 14 };
  // Who lacks what is known only as the records are now: for a month that is over, say so.
  const when = report.asOf === report.madeOn ? `Số liệu đến ngày ${formatDateVi(report.asOf)}` : `Theo dữ liệu ngày lập ${formatDateVi(report.madeOn)}, tuổi tính đến ngày ${formatDateVi(report.asOf)}`;
  sheet.getCell('A2').value = `${when}. Có dữ liệu cá nhân: chỉ dùng để đi hỗ trợ, không gửi cho người khác.`;
  const header = sheet.getRow(FOLLOW_UP_HEADER_ROW);
  // One column per gap marked "x": the officer filters the sheet by what is lacking.
  header.values = [...FOLLOW_UP_HEADERS_VI, ...GAPS.map((gap) => GAP_LABELS_VI[gap])];
  boldHeader(header);
  rows.forEach((entry, i) => {
    sheet.getRow(FOLLOW_UP_HEADER_ROW + 1 + i).values = [
      i + 1,
      entry.villageName,
      entry.headName,
      entry.address,
      entry.fullName,
      entry.birthYear,
      entry.age,
      entry.gaps.map((gap) => GAP_LABELS_VI[gap]).join(', '),
      ...GAPS.map((gap) => (entry.gaps.includes(gap) ? 'x' : null)),
    ];
  });
  sheet.autoFilter = { from: { row: FOLLOW_UP_HEADER_ROW, column: 1 }, to: { row: FOLLOW_UP_HEADER_ROW, column: FOLLOW_UP_HEADERS_VI.length + GAPS.length } };
  sheet.columns.forEach((column, i) => {
    column.width = [6, 20, 24, 28, 24, 9, 7, 40][i] ?? 12;
  });
}

export async function monthlyReportXlsx(report: MonthlyReport): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Công Dân Số';
  workbook.created = new Date(`${report.madeOn}T00:00:00Z`);
  addSummarySheet(workbook, report);
  if (report.followUp) addFollowUpSheet(workbook, report, report.followUp);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
