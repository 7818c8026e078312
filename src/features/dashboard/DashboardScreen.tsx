// The village's indicators against the commune's targets, computed on the phone by the same shared module
// the server uses, so the numbers agree after a sync. Targets are the commune's last known ones
// (useTargets), and the monthly trend comes from the server when the phone is signed in.
import { lazy, Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { db } from '../../db/appDb';
import { useSession } from '../../db/syncQueries';
import { useCurrentVillageData } from '../../db/villageData';
import { formatDateVi, todayInVietnam } from '../../shared/dates';
import { countVillageIndicators, withRates } from '../../shared/indicators';
import { missingToTarget } from '../../shared/targets';
import { formatNumberVi, formatPercentVi } from '../../shared/text';
import type { Village } from '../../shared/types';
import { ProgressBar } from '../../ui/ProgressBar';
import { useTargets } from '../indicators/useTargets';

const TrendCharts = lazy(() => import('../trends/TrendCharts'));

export default function DashboardScreen({ village }: { village: Village }) {
  const { t } = useTranslation();
  const data = useCurrentVillageData();
  const targets = useTargets();
  const session = useSession(db);
  const onServer = session?.user.villageIds.includes(village.id) ?? false;
  const asOf = todayInVietnam();
  const indicators = useMemo(
    () =>
      data
        ? withRates(countVillageIndicators({ households: data.households, persons: data.persons, visits: data.visits, expectedHouseholds: village.expectedHouseholds }, asOf), targets)
        : [],
    [data, asOf, village.expectedHouseholds, targets],
  );

  return (
    <section className="screen" aria-labelledby="dashboard-title">
      <h1 id="dashboard-title">{t('dashboard.title')}</h1>
      <p className="muted">{t('dashboard.asOf', { date: formatDateVi(asOf), village: village.name })}</p>
      {!data && <p className="loading" role="status">{t('common.loading')}</p>}
      <ul className="indicator-list" data-testid="indicator-list">
        {indicators.map((value) => (
          <li key={value.key} className="indicator" data-indicator={value.key}>
            <div className="indicator-head">
              <span className="indicator-name">{t(`indicator.${value.key}`)}</span>
              <span className="indicator-rate" data-testid={`rate-${value.key}`}>{formatPercentVi(value.rate)}</span>
            </div>
            <ProgressBar rate={value.rate} target={value.target} label={t(`indicator.${value.key}`)} />
            <div className="indicator-foot">
              <span data-testid={`fraction-${value.key}`}>
                {formatNumberVi(value.numerator)}/{formatNumberVi(value.denominator)}
              </span>
              <span>
                {t('dashboard.target', { target: formatPercentVi(value.target) })}
                {value.denominator === 0
                  ? ` · ${t(value.key === 'household_coverage' ? 'dashboard.noExpected' : 'dashboard.noData')}`
                  : missingToTarget(value) > 0
                    ? ` · ${t('dashboard.missing', { count: missingToTarget(value) })}`
                    : ` · ${t('dashboard.reached')}`}
              </span>
            </div>
          </li>
        ))}
      </ul>
      {onServer && (
        <Suspense fallback={null}>
          <TrendCharts villageId={village.id} />
        </Suspense>
      )}
    </section>
  );
}
