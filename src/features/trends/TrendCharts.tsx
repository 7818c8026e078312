// Month-by-month trend of each indicator: one small inline-SVG chart per indicator (no chart library),
// the rate at each monthly snapshot against the target line. Loaded lazily with the dashboards; the last
// answer is kept on the phone, so the charts also show offline.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { db } from '../../db/appDb';
import { currentSession, SERVER_CACHE_KEYS, useCached, writeCache } from '../../db/serverCache';
import { formatMonthVi } from '../../shared/months';
import { formatPercentVi } from '../../shared/text';
import { serverApi, type TrendsAnswer } from '../indicators/serverApi';
import { errorKey } from '../serverRequest';
import { Sparkline } from './Sparkline';
import './trends.css';
import '../indicators/indicatorsI18n';

const MONTHS = 12;

export default function TrendCharts({ villageId }: { villageId?: string }) {
  const { t } = useTranslation();
  const cacheKey = SERVER_CACHE_KEYS.trends(villageId ?? 'scope');
  const cached = useCached<TrendsAnswer>(db, cacheKey);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    (async () => {
      const session = await currentSession(db);
      if (!session) return;
      const answer = await serverApi.trends(MONTHS, villageId);
      await writeCache(db, cacheKey, answer, session.user.id);
    })().catch((failure: unknown) => {
      if (!cancelled) setError(errorKey(failure));
    });
    return () => {
      cancelled = true;
    };
  }, [cacheKey, villageId]);

  const months = cached?.value.months ?? [];
  return (
    <section className="trends" aria-labelledby="trends-title" data-testid="trends">
      <h2 id="trends-title">{t('trends.title')}</h2>
      {/* Offline with saved trends: the saved ones are shown and the failure is not worth a word. */}
      {error && !cached && <p className="muted">{t(error)}</p>}
      {cached && months.length === 0 && <p className="muted">{t('trends.none')}</p>}
      {months.length > 0 && (
        <>
          <p className="muted">{t('trends.range', { from: formatMonthVi(months[0].month), to: formatMonthVi(months[months.length - 1].month) })}</p>
          <ul className="trend-grid">
            {months[0].indicators.map((first, index) => {
              const points = months.map((m) => ({ label: formatMonthVi(m.month), rate: m.indicators[index].rate }));
              const last = months[months.length - 1].indicators[index];
              return (
                <li key={first.key} className="trend-card" data-indicator={first.key}>
                  <span className="trend-name">{t(`indicator.${first.key}`)}</span>
                  <Sparkline points={points} target={last.target} label={t('trends.chartLabel', { indicator: t(`indicator.${first.key}`) })} />
                  <span className="trend-last">
                    {formatPercentVi(last.rate)} · {t('dashboard.target', { target: formatPercentVi(last.target) })}
                  </span>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}
