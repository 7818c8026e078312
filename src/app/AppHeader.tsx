import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { db } from '../db/appDb';
import { useOutboxCounts } from '../db/queries';
import type { Village } from '../shared/types';

/** The village being worked on and how much is still only on this phone. */
export function AppHeader({ village }: { village: Village | undefined }) {
  const { t } = useTranslation();
  const counts = useOutboxCounts(db);
  const unsent = counts?.pending ?? 0;
  return (
    <header className="app-header">
      <div className="app-title">
        <span className="app-name">{t('app.name')}</span>
        {village && (
          <Link href="/villages" className="village-switch" aria-label={t('villages.switch')}>
            {village.name}
          </Link>
        )}
      </div>
      <Link href="/settings" className={`sync-badge${unsent > 0 ? ' has-unsent' : ''}`} data-testid="unsent-badge">
        {unsent > 0 ? t('sync.unsentCount', { count: unsent }) : t('sync.allSaved')}
        {counts && counts.parked > 0 && <span className="parked"> · {t('sync.parkedCount', { count: counts.parked })}</span>}
      </Link>
    </header>
  );
}
