// The monthly report for the commune office: the workbook with the follow-up list (personal data: the
// server logs the download), the summary workbook to send upward, and the summary as CSV. Last month's
// figures are the server's snapshot of its last day (taken in the first hour of the new month); work a
// team synced days later is not in it until the office recounts that month here, before reporting.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentMonthInVietnam, formatMonthVi, previousMonth } from '../../shared/months';
import { Banner } from '../../ui/Banner';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { serverApi } from '../indicators/serverApi';
import { errorKey } from '../serverRequest';
import '../indicators/indicatorsI18n';

/** The last 12 months, newest first. Reports are due by the 15th–20th, so last month is preselected. */
function recentMonths(): string[] {
  const months = [currentMonthInVietnam()];
  while (months.length < 12) months.push(previousMonth(months[months.length - 1]));
  return months;
}

export function ReportDownloads() {
  const { t } = useTranslation();
  const months = recentMonths();
  const [month, setMonth] = useState(months[1]);
  const [state, setState] = useState<{ busy: boolean; error: string | null; done: string | null }>({ busy: false, error: null, done: null });
  /** The month recounted on this screen (said until another month is chosen). */
  const [recounted, setRecounted] = useState<string | null>(null);

  const download = async (kind: 'full' | 'summary' | 'csv') => {
    setState({ busy: true, error: null, done: null });
    const path =
      kind === 'csv' ? `/api/reports/monthly.csv?month=${month}` : `/api/reports/monthly.xlsx?month=${month}${kind === 'summary' ? '&followUp=false' : ''}`;
    const filename = kind === 'csv' ? `tong-hop-cong-dan-so-${month}.csv` : `bao-cao-cong-dan-so-${month}${kind === 'summary' ? '-tong-hop' : ''}.xlsx`;
    try {
      await serverApi.download(path, filename);
      setState({ busy: false, error: null, done: filename });
    } catch (failure) {
      setState({ busy: false, error: errorKey(failure), done: null });
    }
  };

  const recount = async () => {
    setState({ busy: true, error: null, done: null });
    try {
      await serverApi.takeSnapshot(month);
      setState({ busy: false, error: null, done: null });
      setRecounted(month);
    } catch (failure) {
      setState({ busy: false, error: errorKey(failure), done: null });
      throw failure;
    }
  };

  return (
    <section aria-labelledby="report-title">
      <h2 id="report-title">{t('report.title')}</h2>
      <label className="field">
        <span className="field-label">{t('report.month')}</span>
        <select className="input" value={month} onChange={(event) => setMonth(event.target.value)} data-testid="report-month">
          {months.map((m) => (
            <option key={m} value={m}>
              {formatMonthVi(m)}
            </option>
          ))}
        </select>
      </label>
      <div className="row">
        <button type="button" className="button button-primary" disabled={state.busy} onClick={() => download('full')} data-testid="download-xlsx">
          {t('report.full')}
        </button>
        <button type="button" className="button" disabled={state.busy} onClick={() => download('summary')} data-testid="download-summary">
          {t('report.summary')}
        </button>
        <button type="button" className="button" disabled={state.busy} onClick={() => download('csv')} data-testid="download-csv">
          {t('report.csv')}
        </button>
      </div>
      <p className="field-hint">{t('report.personalData')}</p>
      {month === months[1] && (
        <>
          <p className="field-hint">{t('report.lastMonthFrozen', { month: formatMonthVi(month) })}</p>
          <ConfirmButton
            label={t('report.recount', { month: formatMonthVi(month) })}
            disabled={state.busy}
            warning={t('report.recountWarning', { month: formatMonthVi(month) })}
            confirmLabel={t('report.recountConfirm')}
            onConfirm={recount}
            testId="report-recount"
          />
          {recounted === month && <p className="muted" role="status" data-testid="report-recounted">{t('report.recounted', { month: formatMonthVi(month) })}</p>}
        </>
      )}
      {state.error && <Banner tone="error">{t(state.error)}</Banner>}
      {state.done && <p className="muted" role="status">{t('report.done', { file: state.done })}</p>}
    </section>
  );
}
