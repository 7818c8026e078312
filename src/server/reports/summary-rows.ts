// The summary table, shared by the workbook and the CSV: one row per unit (the total first, then each
// village) and indicator, with the columns of SUMMARY_HEADERS_VI.
import { missingToTarget } from '../../shared/targets';
import type { IndicatorValue } from '../../shared/indicators';
import { INDICATOR_LABELS_VI } from './labels-vi';
import { totalRowName, type MonthlyReport } from './monthly-report';

export type SummaryRow = [unit: string, key: string, label: string, numerator: number, denominator: number, rate: number | null, target: number, missing: number];

function rowsOf(unit: string, values: readonly IndicatorValue[]): SummaryRow[] {
  return values.map((v) => [unit, v.key, INDICATOR_LABELS_VI[v.key], v.numerator, v.denominator, v.rate, v.target, missingToTarget(v)]);
}

export function summaryRows(report: MonthlyReport): SummaryRow[] {
  return [...rowsOf(totalRowName(report), report.total), ...report.villages.flatMap((v) => rowsOf(v.name, v.indicators))];
}
