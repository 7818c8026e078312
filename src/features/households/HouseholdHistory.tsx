// "Who changed what and when" for one household, its members and its visits, read from the commune
// server (the phone keeps no history of others' changes). Loaded on request, and only with a network;
// offline the section says so. For the commune office it also leads to each member's personal-data page
// (export, erase).
import '../admin/adminI18n';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { db } from '../../db/appDb';
import { useSession } from '../../db/syncQueries';
import { formatDateVi } from '../../shared/dates';
import type { Household, Person, Visit } from '../../shared/types';
import { adminApi, type HistoryEntry } from '../admin/adminApi';
import { ErrorText } from '../admin/ErrorText';
import { HistoryList } from '../admin/HistoryList';
import { errorCodeKey } from '../admin/useServerData';

/** What one entry of a household's history is about: the household, a member by name, a visit by date. */
export function householdEntrySubject(
  t: TFunction,
  entry: HistoryEntry,
  { household, members, visits }: { household: Household; members: readonly Person[]; visits: readonly Visit[] },
): string {
  if (entry.entity === 'person') return members.find((m) => m.id === entry.recordId)?.fullName ?? t('history.formerMember');
  if (entry.entity === 'visit') {
    // The date the entry itself recorded, else the visit's date on this phone.
    const recorded = entry.changes.find((change) => change.field === 'visitedOn')?.new;
    const date = typeof recorded === 'string' ? recorded : visits.find((v) => v.id === entry.recordId)?.visitedOn;
    return date ? t('history.visitOn', { date: formatDateVi(date) }) : t('history.visit');
  }
  return household.headName;
}

export function HouseholdHistory({ household, members, visits, removedMembers = [] }: { household: Household; members: readonly Person[]; visits: readonly Visit[]; removedMembers?: readonly Person[] }) {
  const { t } = useTranslation();
  const session = useSession(db);
  const [entries, setEntries] = useState<HistoryEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  // Nothing to show for a household the server has never received, or on a phone used without a server.
  if (!session || household.version === 0) return null;

  const load = async () => {
    setError(null);
    if (!navigator.onLine) {
      setError('history.offline');
      return;
    }
    setLoading(true);
    try {
      setEntries((await adminApi.householdHistory(household.id)).entries);
    } catch (failure) {
      setError(errorCodeKey(failure));
    } finally {
      setLoading(false);
    }
  };
  const nameOf = (entry: HistoryEntry) => householdEntrySubject(t, entry, { household, members, visits });

  return (
    <section className="fieldset" aria-labelledby="history-title">
      <h2 id="history-title">{t('history.title')}</h2>
      {entries === null && (
        <button type="button" className="button" onClick={load} disabled={loading} data-testid="history-load">{t('history.load')}</button>
      )}
      {loading && <p className="loading">{t('common.loading')}</p>}
      <ErrorText errorKey={error} />
      {entries && <HistoryList entries={entries} describe={nameOf} personName={(id) => members.find((m) => m.id === id)?.fullName} />}
      {session.user.role === 'commune_admin' && members.length + removedMembers.length > 0 && (
        <div>
          <h3>{t('dataRequest.title')}</h3>
          <ul className="list">
            {members.map((member) => (
              <li key={member.id}>
                <Link href={`/admin/persons/${member.id}`} className="link-button" data-testid="data-request-link">{t('dataRequest.open', { name: member.fullName })}</Link>
              </li>
            ))}
            {/* Removed from the roster, their data is still on the server until it is erased on request. */}
            {removedMembers.map((member) => (
              <li key={member.id}>
                <Link href={`/admin/persons/${member.id}`} className="link-button" data-testid="data-request-link-removed">{t('dataRequest.openRemoved', { name: member.fullName })}</Link>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
