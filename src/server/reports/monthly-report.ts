// What the monthly report holds, independent of its file format: the scope's figures at the report date
// (month end, or today for the running month), the commune's name, and — for the commune administrator
// only — the follow-up rows.
import { todayInVietnam } from '../../shared/dates';
import type { IndicatorValue } from '../../shared/indicators';
import type { AuthContext } from '../auth/roles';
import { findCommune, type Commune } from '../communes';
import type { Queryable } from '../db/database';
import { computeIndicators, type VillageIndicators } from '../indicators/compute';
import { resolveScope, type ScopeKind } from '../indicators/scope';
import { loadFollowUpRows, type FollowUpRow } from './followup-rows';

export interface MonthlyReport {
  month: string;
  asOf: string;
  /** The day the file was made (Vietnam). */
  madeOn: string;
  commune: Commune | undefined;
  scope: ScopeKind;
  total: IndicatorValue[];
  villages: VillageIndicators[];
  followUp: FollowUpRow[] | null;
}

export async function buildMonthlyReport(
  q: Queryable,
  auth: AuthContext,
  input: { month: string; asOf: string; now: Date; withFollowUp: boolean },
): Promise<MonthlyReport> {
  const scope = await resolveScope(q, auth);
  const [answer, commune, followUp] = await Promise.all([
    computeIndicators(q, auth.communeId, scope, input.asOf),
    findCommune(q, auth.communeId),
    input.withFollowUp ? loadFollowUpRows(q, auth.communeId, scope.villages, input.asOf) : Promise.resolve(null),
  ]);
  return {
    month: input.month,
    asOf: input.asOf,
    madeOn: todayInVietnam(input.now),
    commune,
    scope: scope.kind,
    total: answer.indicators,
    villages: answer.villages,
    followUp,
  };
}

/** "Xã Đăk Hà, Tỉnh Quảng Ngãi", or a plain word while the commune has no official code yet. */
export function communeTitle(commune: Commune | undefined): string {
  if (!commune?.name) return 'Xã (chưa chọn mã xã)';
  return commune.provinceName ? `${commune.name}, ${commune.provinceName}` : commune.name;
}

/** The name of the scope's total row. */
export function totalRowName(report: MonthlyReport): string {
  if (report.scope === 'commune') return `Toàn xã${report.commune?.name ? ` (${report.commune.name})` : ''}`;
  return 'Tổng các thôn được giao';
}
