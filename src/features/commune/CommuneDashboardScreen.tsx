// The commune office's view: every village side by side with the commune total, sortable by any
// indicator; a village opens its own dashboard and follow-up list; the monthly report is downloaded here.
// Figures come from the server (GET /api/indicators): the commune's official numbers, with every phone's
// synced work, without the phone counting 50,000 people. The last answer is kept for offline use.
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { db } from '../../db/appDb';
import { currentSession, SERVER_CACHE_KEYS, useCached, writeCache } from '../../db/serverCache';
import { formatDateVi } from '../../shared/dates';
import { INDICATOR_KEYS, type IndicatorValue } from '../../shared/indicators';
import { missingToTarget } from '../../shared/targets';
import { formatNumberVi, formatPercentVi } from '../../shared/text';
import { Banner } from '../../ui/Banner';
import { serverApi, type IndicatorsAnswer } from '../indicators/serverApi';
import { errorKey } from '../serverRequest';
import { sortVillages, type SortDirection, type SortKey } from './communeTable';
import { ReportDownloads } from './ReportDownloads';
import './commune.css';
import '../indicators/indicatorsI18n';
import { useCommuneUnitWord } from './useCommuneUnitWord';

const TrendCharts = lazy(() => import('../trends/TrendCharts'));

function Cell({ value }: { value: IndicatorValue }) {
  const reached = value.rate !== null && value.rate >= value.target;
  return (
    <td className={`rate-cell${value.rate === null ? '' : reached ? ' reached' : ' below'}`} data-indicator={value.key}>
      <span className="cell-rate">{formatPercentVi(value.rate)}</span>
      <span className="cell-fraction">
        {formatNumberVi(value.numerator)}/{formatNumberVi(value.denominator)}
      </span>
    </td>
  );
}

export default function CommuneDashboardScreen() {
  const { t } = useTranslation();
  const unit = useCommuneUnitWord();
  const cached = useCached<IndicatorsAnswer>(db, SERVER_CACHE_KEYS.communeIndicators);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [sortKey, setSortKey] = useState<SortKey>('name');
  const [direction, setDirection] = useState<SortDirection>('asc');

  const refresh = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      const session = await currentSession(db);
      if (!session) throw new Error('not signed in');
      await writeCache(db, SERVER_CACHE_KEYS.communeIndicators, await serverApi.indicators(), session.user.id);
    } catch (failure) {
      setError(errorKey(failure));
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  const answer = cached?.value;
  const rows = useMemo(() => (answer ? sortVillages(answer.villages, sortKey, direction) : []), [answer, sortKey, direction]);
  const sortBy = (key: SortKey) => {
    // A new indicator starts with the villages furthest from the target.
    if (key === sortKey) setDirection(direction === 'asc' ? 'desc' : 'asc');
    else {
      setSortKey(key);
      setDirection('asc');
    }
  };

  return (
    <section className="screen" aria-labelledby="commune-title">
      <div className="screen-head">
        <h1 id="commune-title">{t('commune.title', unit)}</h1>
        <div className="row">
          <Link href="/targets" className="button" data-testid="edit-targets">{t('targets.edit')}</Link>
          <button type="button" className="button" onClick={() => void refresh()} disabled={loading} data-testid="refresh-commune">
            {t('commune.refresh')}
          </button>
        </div>
      </div>
      {answer && cached && (
        <p className="muted" data-testid="commune-as-of">
          {t('commune.asOf', { date: formatDateVi(answer.asOf), time: new Date(cached.fetchedAt).toLocaleTimeString('vi-VN', { hour: '2-digit', minute: '2-digit' }) })}
        </p>
      )}
      {error && <Banner tone={answer ? 'warning' : 'error'}>{t(answer ? 'commune.showingSaved' : 'commune.unavailable', { reason: t(error), ...unit })}</Banner>}
      {!answer && !error && <p className="loading">{t('common.loading')}</p>}
      {answer && (
        <>
          <label className="field">
            <span className="field-label">{t('commune.sortBy')}</span>
            <select className="input" value={sortKey} onChange={(event) => sortBy(event.target.value as SortKey)} data-testid="commune-sort">
              <option value="name">{t('commune.sortName')}</option>
              {INDICATOR_KEYS.map((key) => (
                <option key={key} value={key}>
                  {t(`indicator.${key}`)}
                </option>
              ))}
            </select>
          </label>
          <div className="table-scroll">
            <table className="commune-table" data-testid="commune-table">
              <thead>
                <tr>
                  <th scope="col" className="sticky-col">
                    <button type="button" className="sort-button" onClick={() => sortBy('name')} aria-sort={sortKey === 'name' ? (direction === 'asc' ? 'ascending' : 'descending') : undefined}>
                      {t('commune.village')}
                    </button>
                  </th>
                  {INDICATOR_KEYS.map((key) => (
                    <th key={key} scope="col" aria-sort={sortKey === key ? (direction === 'asc' ? 'ascending' : 'descending') : undefined}>
                      <button type="button" className="sort-button" onClick={() => sortBy(key)} title={t(`indicator.${key}`)}>
                        {t(`indicatorShort.${key}`)}
                        {sortKey === key ? (direction === 'asc' ? ' ▲' : ' ▼') : ''}
                      </button>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                <tr className="total-row" data-testid="commune-total">
                  <th scope="row" className="sticky-col">{t('commune.total', unit)}</th>
                  {answer.indicators.map((value) => (
                    <Cell key={value.key} value={value} />
                  ))}
                </tr>
                <tr className="target-row">
                  <th scope="row" className="sticky-col">{t('commune.targetRow')}</th>
                  {answer.indicators.map((value) => (
                    <td key={value.key}>
                      {formatPercentVi(value.target)}
                      <span className="cell-fraction">{t('commune.missing', { count: missingToTarget(value), n: formatNumberVi(missingToTarget(value)) })}</span>
                    </td>
                  ))}
                </tr>
                {rows.map((row) => (
                  <tr key={row.villageId} data-testid="commune-village" data-village-id={row.villageId}>
                    <th scope="row" className="sticky-col">
                      <Link href={`/commune/villages/${row.villageId}`}>{row.name}</Link>
                    </th>
                    {row.indicators.map((value) => (
                      <Cell key={value.key} value={value} />
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="field-hint">{t('commune.legend')}</p>
        </>
      )}
      <ReportDownloads />
      <Suspense fallback={null}>
        <TrendCharts />
      </Suspense>
    </section>
  );
}
