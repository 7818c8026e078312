// The commune's changes, filtered by account and by date (Vietnam's calendar days), newest first.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { parseDateVi } from '../../shared/dates';
import { adminApi } from './adminApi';
import { ErrorText } from './ErrorText';
import { HistoryList } from './HistoryList';
import { useServerData } from './useServerData';
import { formatNumberVi } from '../../shared/text';

/** What the server answers at most (GET /api/admin/audit without `limit`): the newest changes. */
const AUDIT_PAGE = 200;

export function AuditSection() {
  const { t } = useTranslation();
  const users = useServerData(() => adminApi.users(), []);
  const villages = useServerData(() => adminApi.villages(), []);
  const [userId, setUserId] = useState('');
  const [fromText, setFromText] = useState('');
  const [toText, setToText] = useState('');
  const from = fromText.trim() ? parseDateVi(fromText) : undefined;
  const to = toText.trim() ? parseDateVi(toText) : undefined;
  const datesValid = from !== null && to !== null;
  const entries = useServerData(
    () => (datesValid ? adminApi.audit({ userId: userId || undefined, from: from ?? undefined, to: to ?? undefined }) : Promise.resolve({ entries: [] })),
    [userId, from, to, datesValid],
  );
  const villageName = (id: string) => villages.value?.villages.find((v) => v.id === id)?.name ?? '';

  return (
    <div>
      <div className="admin-form">
        <label className="field">
          <span className="field-label">{t('admin.audit.user')}</span>
          <select className="input" value={userId} onChange={(event) => setUserId(event.target.value)} data-testid="admin-audit-user">
            <option value="">{t('admin.audit.everyone')}</option>
            {users.value?.users.map((user) => <option key={user.id} value={user.id}>{user.username}</option>)}
          </select>
        </label>
        <div className="row">
          <label className="field">
            <span className="field-label">{t('admin.audit.from')}</span>
            <input className="input" value={fromText} placeholder={t('common.datePlaceholder')} onChange={(event) => setFromText(event.target.value)} aria-invalid={from === null} />
          </label>
          <label className="field">
            <span className="field-label">{t('admin.audit.to')}</span>
            <input className="input" value={toText} placeholder={t('common.datePlaceholder')} onChange={(event) => setToText(event.target.value)} aria-invalid={to === null} />
          </label>
        </div>
        {!datesValid && <span className="field-error">{t('admin.audit.dateInvalid')}</span>}
      </div>
      <ErrorText errorKey={entries.error ?? users.error} />
      {entries.loading && !entries.value && <p className="loading">{t('common.loading')}</p>}
      {entries.value && (
        <HistoryList
          entries={entries.value.entries}
          describe={(entry) => villageName(entry.villageId)}
        />
      )}
      {entries.value && entries.value.entries.length >= AUDIT_PAGE && <p className="muted" data-testid="admin-audit-capped">{t('admin.audit.capped', { n: formatNumberVi(AUDIT_PAGE) })}</p>}
      {entries.value && entries.value.entries.length > 0 && (
        <p className="muted">
          <Link href={`/households/${entries.value.entries[0].householdId}`}>{t('admin.audit.openLatest')}</Link>
        </p>
      )}
    </div>
  );
}
