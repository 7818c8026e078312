// Entries of the audit trail in words: when, who, from which device, what changed from what to what.
import './adminI18n';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { fieldLabel, valueInWords } from '../sync/fieldWords';
import type { HistoryEntry } from './adminApi';
import { formatDateTimeVi } from './formatTime';

function deviceWords(t: TFunction, deviceId: string | null): string {
  if (deviceId === 'import') return t('history.device.import');
  if (deviceId === 'server') return t('history.device.server');
  // A phone's install id is long: its first characters tell phones apart.
  return deviceId ? t('history.device.phone', { id: deviceId.slice(0, 8) }) : t('history.device.unknown');
}

/**
 * `describe` names what an entry is about (a member, a village); `personName` names a member by id, for a
 * visit's "for whom" (without it, or for someone no longer listed, the entry says "a member").
 */
export function HistoryList({ entries, describe, personName }: { entries: HistoryEntry[]; describe?: (entry: HistoryEntry) => string; personName?: (id: string) => string | undefined }) {
  const { t, i18n } = useTranslation();
  const exists = (key: string) => i18n.exists(key);
  const words = (entry: HistoryEntry, field: string, value: unknown) => {
    if (entry.entity === 'visit' && field === 'personId') return typeof value === 'string' ? (personName?.(value) ?? t('history.member')) : t('visits.wholeHousehold');
    // A member moved between households: the entry's own household, or another one (never a record id).
    if (field === 'householdId') return value === entry.householdId ? t('history.thisHousehold') : t('history.otherHousehold');
    return valueInWords(t, exists, field, value);
  };
  if (entries.length === 0) return <p className="empty">{t('history.empty')}</p>;
  return (
    <ul className="list" data-testid="history-list">
      {entries.map((entry) => (
        <li key={entry.id} className="admin-card" data-testid="history-entry">
          <p>
            <strong>{formatDateTimeVi(entry.at)}</strong> · {t(`history.action.${entry.entity}.${entry.action}`)}
            {describe && <> · {describe(entry)}</>}
          </p>
          <p className="muted">
            {t('history.by', { user: entry.username ?? t('history.unknownUser') })} · {deviceWords(t, entry.deviceId)}
          </p>
          {entry.action === 'update' &&
            entry.changes.map((change) =>
              // Both sides null: the values were erased on a resident's request ([DS2]); which field changed stays.
              change.old === null && change.new === null ? (
                <span key={change.field} className="admin-change">
                  {fieldLabel(t, entry.entity, change.field)}: {t('history.erasedValue')}
                </span>
              ) : (
                <span key={change.field} className="admin-change">
                  {fieldLabel(t, entry.entity, change.field)}: <span className="old">{words(entry, change.field, change.old)}</span> →{' '}
                  <span className="new">{words(entry, change.field, change.new)}</span>
                </span>
              ),
            )}
        </li>
      ))}
    </ul>
  );
}
