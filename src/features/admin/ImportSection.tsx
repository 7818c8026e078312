// Importing the lists village heads keep in Excel: download the template, check a file first (dry run:
// what would be imported, every problem by row and column), then import. Nothing is written by a check.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Banner } from '../../ui/Banner';
import { adminApi, type ImportAnswer } from './adminApi';
import { ErrorText } from './ErrorText';
import { errorCodeKey } from './useServerData';
import { ServerError } from '../serverRequest';
import { formatNumberVi } from '../../shared/text';
import { MAX_IMPORT_BYTES } from '../../shared/protocol';

export function ImportSection() {
  const { t, i18n } = useTranslation();
  // The server's message is Vietnamese; the app says the same in the user's language when it knows the code.
  const problemText = (problem: { code: string; message: string }, values?: Record<string, string>) =>
    i18n.exists(`admin.import.codes.${problem.code}`) && !i18n.language.startsWith('vi') ? t(`admin.import.codes.${problem.code}`, values) : problem.message;
  const [file, setFile] = useState<File | null>(null);
  const [answer, setAnswer] = useState<ImportAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** The required columns a refused file lacks, by key: said in words beside the error. */
  const [missingColumns, setMissingColumns] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const fail = (key: string | null, missing: string[] = []) => {
    setError(key);
    setMissingColumns(missing);
  };
  const columnName = (column: string) => (i18n.exists(`admin.import.columns.${column}`) ? t(`admin.import.columns.${column}`) : column);

  const send = async (dryRun: boolean) => {
    if (!file) return;
    setAnswer(null);
    // Sending 20 MB over a village's link only to be refused wastes minutes: the limit is checked here.
    if (file.size > MAX_IMPORT_BYTES) {
      fail('errors.PAYLOAD_TOO_LARGE');
      return;
    }
    setBusy(true);
    fail(null);
    try {
      setAnswer(await adminApi.importHouseholds(file, dryRun));
    } catch (failure) {
      const missing = failure instanceof ServerError && failure.code === 'IMPORT_COLUMNS_MISSING' ? Object.keys(failure.fields) : [];
      fail(errorCodeKey(failure), missing);
    } finally {
      setBusy(false);
    }
  };
  const download = (kind: 'xlsx' | 'csv') => adminApi.download(`/api/import/template.${kind}`, `mau-danh-sach-ho.${kind}`).catch((failure: unknown) => fail(errorCodeKey(failure)));

  return (
    <div>
      <p className="field-hint">{t('admin.import.explain')}</p>
      <div className="row">
        <button type="button" className="button" onClick={() => download('xlsx')}>{t('admin.import.templateXlsx')}</button>
        <button type="button" className="button" onClick={() => download('csv')}>{t('admin.import.templateCsv')}</button>
      </div>
      <label className="field">
        <span className="field-label">{t('admin.import.file')}</span>
        <input
          className="input"
          type="file"
          accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          onChange={(event) => {
            setFile(event.target.files?.[0] ?? null);
            setAnswer(null);
            fail(null);
            // Emptied, so that picking the same file again after correcting it is a change too (the
            // browser would otherwise keep the first pick, and its upload fails once the file changed).
            event.target.value = '';
          }}
          data-testid="admin-import-file"
        />
        {file && <span className="field-hint" data-testid="admin-import-file-name">{file.name}</span>}
      </label>
      <div className="row">
        <button type="button" className="button" disabled={!file || busy} onClick={() => send(true)} data-testid="admin-import-check">{t('admin.import.check')}</button>
        <button type="button" className="button button-primary" disabled={!file || busy || !answer?.dryRun || answer.households === 0} onClick={() => send(false)} data-testid="admin-import-run">
          {t('admin.import.run', { count: answer?.households ?? 0, n: formatNumberVi(answer?.households ?? 0) })}
        </button>
      </div>
      {busy && <p className="loading">{t('common.loading')}</p>}
      <ErrorText errorKey={error} />
      {missingColumns.length > 0 && (
        <p className="field-hint" data-testid="admin-import-missing-columns">
          {t('admin.import.missingColumns', { columns: missingColumns.map(columnName).join(', ') })}
        </p>
      )}
      {answer && (
        <div data-testid="admin-import-result">
          <Banner tone={answer.rejected.length > 0 ? 'warning' : 'success'}>
            {t(answer.dryRun ? 'admin.import.wouldImport' : 'admin.import.imported', { households: formatNumberVi(answer.households), persons: formatNumberVi(answer.persons) })}{' '}
            {t('admin.import.createdUpdated', { created: formatNumberVi(answer.created.households), updated: formatNumberVi(answer.updated.households) })}
            {answer.keptFromTeams > 0 && <> {t('admin.import.keptFromTeams', { count: answer.keptFromTeams, n: formatNumberVi(answer.keptFromTeams) })}</>}
            {answer.rejectedHouseholds > 0 && <> {t('admin.import.rejected', { count: answer.rejectedHouseholds, n: formatNumberVi(answer.rejectedHouseholds) })}</>}
          </Banner>
          {answer.sheetsNotRead.length > 0 && (
            <Banner tone="warning">
              <span data-testid="admin-import-sheets-not-read">{t('admin.import.sheetsNotRead', { sheets: answer.sheetsNotRead.map((name) => `« ${name} »`).join(', ') })}</span>
            </Banner>
          )}
          {answer.warnings.length > 0 && (
            <>
              <Banner tone="warning">{t(answer.dryRun ? 'admin.import.warnings' : 'admin.import.warningsImported', { count: answer.warnings.length })}</Banner>
              <div className="admin-scroll">
                <table className="admin-table" data-testid="admin-import-warnings">
                  <thead>
                    <tr><th>{t('admin.import.row')}</th><th>{t('admin.import.key')}</th><th>{t('admin.import.problem')}</th></tr>
                  </thead>
                  <tbody>
                    {answer.warnings.map((warning) => (
                      <tr key={`${warning.row}-${warning.code}`}>
                        <td>{warning.row}</td><td>{warning.household_key}</td>
                        <td>{problemText(warning, { already: warning.already })}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
          {answer.rejected.length > 0 && (
            <div className="admin-scroll">
              <table className="admin-table" data-testid="admin-import-errors">
                <thead>
                  <tr><th>{t('admin.import.row')}</th><th>{t('admin.import.key')}</th><th>{t('admin.import.column')}</th><th>{t('admin.import.problem')}</th></tr>
                </thead>
                <tbody>
                  {answer.rejected.flatMap((rejected) =>
                    rejected.errors.map((problem) => (
                      <tr key={`${rejected.row}-${problem.column}`}>
                        <td>{rejected.row}</td><td>{rejected.household_key}</td><td>{columnName(problem.column)}</td><td>{problemText(problem)}</td>
                      </tr>
                    )),
                  )}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
    </div>
  );
}
