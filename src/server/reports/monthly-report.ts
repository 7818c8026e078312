// What the monthly report holds, independent of its file format: the scope's figures at the report date
// (month end, or today for the running month), the commune's name, and — for the commune administrator
// only — the follow-up rows.
//
// Records keep no history: what a person lacked on 31 January cannot be worked out in June. So a month
// that is over is reported from its snapshot, the counts the server stored right after the month ended
// (snapshots.ts); only the running month, and last month while it has no snapshot yet, are counted from
// the records. An older month without a snapshot is refused (MONTH_NOT_KEPT) rather than filled with
// today's statuses under a January date.
import { monthEnd, todayInVietnam } from '../../shared/dates';
import { sumIndicatorCounts, type IndicatorValue } from '../../shared/indicators';
import { currentMonthInVietnam, previousMonth } from '../../shared/months';
import type { AuthContext } from '../auth/roles';
import { findCommune, type Commune } from '../communes';
import type { Queryable } from '../db/database';
import { AppError } from '../http/app-error';
import { countScope, toAnswer, type IndicatorsAnswer, type ScopeCounts, type VillageIndicators } from '../indicators/compute';
import { resolveScope, type IndicatorScope, type ScopeKind } from '../indicators/scope';
import { loadSnapshot } from '../indicators/snapshots';
import { loadTargets } from '../indicators/targets';
import { loadFollowUpRows, type FollowUpRow } from './followup-rows';
import { COMMUNE_UNIT_VI, communeUnit } from '../../shared/communeUnit';

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
  /** The villages of the caller's scope (the follow-up sheet's; the summary may have fewer, see above). */
  scopeVillageCount: number;
  /** When the figures come from the month's snapshot: when it was taken (ISO); null when counted now. */
  snapshotTakenAt: string | null;
}

export async function buildMonthlyReport(
  q: Queryable,
  auth: AuthContext,
  input: { month: string; asOf: string; now: Date; withFollowUp: boolean },
): Promise<MonthlyReport> {
  const scope = await resolveScope(q, auth);
  const [{ answer, snapshotTakenAt }, commune, followUp] = await Promise.all([
    monthFigures(q, auth.communeId, scope, input.month, input.asOf, input.now),
    findCommune(q, auth.communeId),
    input.withFollowUp ? loadFollowUpRows(q, auth.communeId, scope.villages, input.asOf) : Promise.resolve(null),
  ]);
  return {
    snapshotTakenAt,
    scopeVillageCount: scope.villages.length,
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

/**
 * The scope's figures for the month: from the snapshot taken at the end of a month that is over, else
 * counted from the records (the running month; last month before its snapshot exists). Targets are
 * today's: they keep no history either.
 */
async function monthFigures(
  q: Queryable,
  communeId: string,
  scope: IndicatorScope,
  month: string,
  asOf: string,
  now: Date,
): Promise<{ answer: IndicatorsAnswer; snapshotTakenAt: string | null }> {
  const current = currentMonthInVietnam(now);
  const loaded = month < current ? await loadSnapshot(q, communeId, month, scope.villages.map((v) => v.id)) : null;
  // Only a snapshot taken once the month was over holds its final figures (one taken on its last
  // morning misses that afternoon): last month's is retaken by the server, and counted from the records
  // until then. An older month can no longer be either: one taken on its last day is the best there is
  // (its "lưu ngày" on the sheet says when).
  const lastDay = loaded?.asOf === monthEnd(month);
  const snapshot = loaded && lastDay && (loaded.final || month < previousMonth(current)) ? loaded : null;
  const [targets, counts] = await Promise.all([
    loadTargets(q, communeId),
    snapshot ? snapshotCounts(scope, snapshot.villages) : month >= previousMonth(current) ? countScope(q, communeId, scope.villages, asOf) : null,
  ]);
  if (!counts) throw new AppError('MONTH_NOT_KEPT', { month: 'validation.monthNotKept' });
  return { answer: toAnswer(asOf, scope.kind, counts, targets), snapshotTakenAt: snapshot?.takenAt ?? null };
}

/** The snapshot's counts of the scope's villages; a village made after it was taken is not in it. */
function snapshotCounts(scope: IndicatorScope, villages: ReadonlyMap<string, ScopeCounts['total']>): ScopeCounts {
  const rows = scope.villages.flatMap((village) => {
    const counts = villages.get(village.id);
    return counts ? [{ village, counts }] : [];
  });
  return { total: sumIndicatorCounts(rows.map((row) => row.counts)), villages: rows };
}

/** "Xã Đăk Hà, Tỉnh Quảng Ngãi", or a plain word while the commune has no official code yet. */
export function communeTitle(commune: Commune | undefined): string {
  if (!commune?.name) return 'Xã (chưa chọn mã xã)';
  return commune.provinceName ? `${commune.name}, ${commune.provinceName}` : commune.name;
}

/** What the commune-level unit is called in the reports ("Toàn phường (Phường Ba Đình)"), shared/communeUnit.ts. */
export function unitWord(officialName: string | null): string {
  return COMMUNE_UNIT_VI[communeUnit(officialName)];
}

/** The name of the scope's total row. */
export function totalRowName(report: MonthlyReport): string {
  if (report.scope === 'commune') return `Toàn ${unitWord(report.commune?.name ?? null)}${report.commune?.name ? ` (${report.commune.name})` : ''}`;
  return 'Tổng các thôn được giao';
}
