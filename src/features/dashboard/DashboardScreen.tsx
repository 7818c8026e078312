// The village's indicators against their targets, computed on the phone by the same shared module the
// server uses, so the numbers agree after a sync.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useCurrentVillageData } from '../../db/villageData';
import { formatDateVi, todayInVietnam } from '../../shared/dates';
import { countVillageIndicators, withRates, type IndicatorValue } from '../../shared/indicators';
import { formatNumberVi, formatPercentVi } from '../../shared/text';
import type { Village } from '../../shared/types';
import { ProgressBar } from '../../ui/ProgressBar';

/** How many more (people or households) reach the target: ceil(target × denominator) − numerator. */
export function missingToTarget(value: IndicatorValue): number {
  return Math.max(0, Math.ceil(value.target * value.denominator - 1e-9) - value.numerator);
}

export default function DashboardScreen({ village }: { village: Village }) {
  const { t } = useTranslation();
  const data = useCurrentVillageData();
  const asOf = todayInVietnam();
  const indicators = useMemo(
    () =>
      data
        ? withRates(countVillageIndicators({ households: data.households, persons: data.persons, visits: data.visits, expectedHouseholds: village.expectedHouseholds }, asOf))
        : [],
    [data, asOf, village.expectedHouseholds],
  );

  return (
    <section className="screen" aria-labelledby="dashboard-title">
      <h1 id="dashboard-title">{t('dashboard.title')}</h1>
      <p className="muted">{t('dashboard.asOf', { date: formatDateVi(asOf), village: village.name })}</p>
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
    </section>
  );
}
