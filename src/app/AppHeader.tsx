import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { db } from '../db/appDb';
import { useOutboxCounts, useStoragePersistence } from '../db/queries';
import { useLastSyncAt, useSession } from '../db/syncQueries';
import type { Village } from '../shared/types';
import { errorMessageKey } from '../sync/errorCodes';
import { formatSyncTime } from './syncTime';
import { useSyncStatus } from './useSyncStatus';

/** The village being worked on, how much is still only on this phone, and how sending goes. */
export function AppHeader({ village }: { village: Village | undefined }) {
  const { t, i18n } = useTranslation();
  const counts = useOutboxCounts(db);
  const session = useSession(db);
  const lastSyncAt = useLastSyncAt(db);
  const status = useSyncStatus();
  const persistence = useStoragePersistence(db);
  const unsent = counts?.pending ?? 0;
  const busy = status.phase === 'pushing' || status.phase === 'pulling';
  const badgeText =
    status.phase === 'pushing'
      ? t('sync.pushing', { sent: status.sent, total: status.toSend })
      : status.phase === 'pulling'
        ? t('sync.pulling', { count: status.received })
        : unsent > 0
          ? t('sync.unsentCount', { count: unsent })
          : t('sync.allSaved');
  // The expired sign-in is a stored fact (it survives a reload); other errors belong to the last run.
  const errorCode = session?.expired ? (session.expiredCode ?? 'UNAUTHENTICATED') : status.phase === 'error' || status.phase === 'offline' ? status.errorCode : null;

  return (
    <>
      <header className="app-header-wrap">
        <div className="app-header">
          <div className="app-title">
            <span className="app-name">{t('app.name')}</span>
            {village && (
              <Link href="/villages" className="village-switch" aria-label={t('villages.switchFrom', { name: village.name })}>
                {village.name}
              </Link>
            )}
          </div>
          <div className="sync-side">
            <Link href="/settings" className={`sync-badge${unsent > 0 ? ' has-unsent' : ''}${busy ? ' busy' : ''}`} data-testid="unsent-badge" aria-live="polite">
              {busy && <span className="spinner" aria-hidden="true" />}
              {badgeText}
            </Link>
            {counts && counts.parked > 0 && (
              <Link href="/settings" className="sync-note parked-note" data-testid="parked-badge">
                {t('sync.parkedCount', { count: counts.parked })}
              </Link>
            )}
            {session === null && (
              <Link href="/login" className="sync-note sync-login" data-testid="header-login">
                {t('sync.notSignedIn')} · {t('sync.signIn')}
              </Link>
            )}
            {session && (
              <span className="sync-note" data-testid="last-sync">
                {lastSyncAt ? t('sync.lastSync', { time: formatSyncTime(lastSyncAt) }) : t('sync.neverSynced')}
              </span>
            )}
          </div>
        </div>
        {session && errorCode && (
          <Link href={session.expired ? '/login' : '/settings'} className="sync-error" role="status" data-testid="sync-error">
            {t(errorMessageKey(errorCode, (key) => i18n.exists(key)))}
          </Link>
        )}
      </header>
      {/* Evictable storage is a risk only to what the server does not have yet: said on every screen then,
          in one line below the sticky header, so it scrolls away from a form being filled in. */}
      {persistence === 'denied' && unsent > 0 && (
        <Link href="/settings" className="sync-error" role="status" data-testid="storage-at-risk">
          {t('sync.atRisk')}
        </Link>
      )}
    </>
  );
}
