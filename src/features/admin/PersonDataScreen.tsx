// A resident's request about their own data (Law 91/2025/QH15): everything recorded about them as a
// printable page and a JSON file, and erasure. The export is logged on the server; the erase leaves an
// anonymised tombstone that removes the person from every phone at its next sync.
import './adminI18n';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { formatDateVi, todayInVietnam } from '../../shared/dates';
import { Banner } from '../../ui/Banner';
import { fieldLabel, valueInWords } from '../sync/fieldWords';
import { adminApi } from './adminApi';
import { saveBlob } from '../serverRequest';
import { ErrorText } from './ErrorText';
import { HistoryList } from './HistoryList';
import { errorCodeKey, useServerData } from './useServerData';
import './admin.css';

const PERSON_FIELDS = ['fullName', 'birthYear', 'birthDate', 'sex', 'relation', 'residency', 'vneid', 'digitalSignature', 'healthBook', 'paymentAccount', 'usesCashless', 'smartphone', 'digitalSkills', 'onlinePublicServices'];
const HOUSEHOLD_FIELDS = ['headName', 'address', 'phone', 'business', 'acceptsCashless', 'consentGiven', 'consentAt', 'consentBy', 'note'];

export default function PersonDataScreen({ personId }: { personId: string }) {
  const { t, i18n } = useTranslation();
  const [, navigate] = useLocation();
  const data = useServerData(() => adminApi.exportPerson(personId), [personId]);
  const [erased, setErased] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const exists = (key: string) => i18n.exists(key);
  const value = data.value;

  const erase = async () => {
    if (!window.confirm(t('dataRequest.eraseConfirm', { name: value?.person.fullName ?? '' }))) return;
    try {
      await adminApi.erasePerson(personId);
      setErased(true);
    } catch (failure) {
      setError(errorCodeKey(failure));
    }
  };
  const downloadJson = () => value && saveBlob(new Blob([JSON.stringify(value, null, 2)], { type: 'application/json' }), `du-lieu-ca-nhan-${personId}.json`);

  return (
    <section className="screen" aria-labelledby="person-data-title">
      <div className="screen-head">
        <h1 id="person-data-title">{t('dataRequest.title')}</h1>
        <button type="button" className="button no-print" onClick={() => history.back()}>{t('dataRequest.back')}</button>
      </div>
      <ErrorText errorKey={data.error ?? error} />
      {erased && (
        <Banner tone="success" action={<button type="button" className="button" onClick={() => navigate('/')}>{t('dataRequest.done')}</button>}>
          {t('dataRequest.erased')}
        </Banner>
      )}
      {data.loading && <p className="loading">{t('common.loading')}</p>}
      {value && !erased && (
        <>
          <p className="muted">{t('dataRequest.exportedAt', { date: formatDateVi(todayInVietnam(new Date(value.exportedAt))), by: value.exportedBy, village: value.village ?? '' })}</p>
          <div className="row no-print">
            <button type="button" className="button" onClick={() => window.print()}>{t('dataRequest.print')}</button>
            <button type="button" className="button" onClick={downloadJson}>{t('dataRequest.json')}</button>
            {/* Erasable until erased: a person a team only removed from the roster keeps their data. */}
            {!value.history.some((entry) => entry.action === 'erase') && <button type="button" className="button button-danger" onClick={erase} data-testid="data-request-erase">{t('dataRequest.erase')}</button>}
          </div>
          <h2>{t('dataRequest.person')}</h2>
          <table className="admin-table" data-testid="data-request-person">
            <tbody>
              {PERSON_FIELDS.filter((field) => value.person[field] !== undefined).map((field) => (
                <tr key={field}><th>{fieldLabel(t, 'person', field)}</th><td>{valueInWords(t, exists, field, value.person[field])}</td></tr>
              ))}
            </tbody>
          </table>
          {value.household && (
            <>
              <h2>{t('dataRequest.household')}</h2>
              <table className="admin-table">
                <tbody>
                  {HOUSEHOLD_FIELDS.filter((field) => value.household![field] !== undefined).map((field) => (
                    <tr key={field}><th>{fieldLabel(t, 'household', field)}</th><td>{valueInWords(t, exists, field, value.household![field])}</td></tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          <h2>{t('dataRequest.visits', { count: value.visits.length })}</h2>
          <ul className="list">
            {value.visits.map((visit) => (
              <li key={String(visit.id)}>{formatDateVi(String(visit.visitedOn))}{visit.note ? ` · ${String(visit.note)}` : ''}</li>
            ))}
          </ul>
          <h2>{t('dataRequest.history')}</h2>
          <HistoryList entries={value.history} />
          {/* The value that lost when two phones changed a field at once is kept only here: it is theirs too. */}
          <h2>{t('dataRequest.conflicts', { count: value.conflicts.length })}</h2>
          <ul className="list" data-testid="data-request-conflicts">
            {value.conflicts.map((conflict, index) => (
              <li key={index}>
                {fieldLabel(t, 'person', conflict.field)}: « {valueInWords(t, exists, conflict.field, conflict.serverValue)} » / « {valueInWords(t, exists, conflict.field, conflict.clientValue)} »
                {' · '}{formatDateVi(todayInVietnam(new Date(conflict.at)))}
              </li>
            ))}
          </ul>
          <p className="muted">{t('dataRequest.syncLogInFile', { count: value.syncLog.length })}</p>
          <p className="muted no-print"><Link href="/admin">{t('admin.title')}</Link></p>
        </>
      )}
    </section>
  );
}
