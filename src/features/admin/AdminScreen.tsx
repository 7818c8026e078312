// The commune office's administration (commune_admin only; loaded lazily, never in the app shell): the
// commune, its villages, accounts and their phones, importing household lists, the audit trail, and the
// households that withdrew their consent.
import './adminI18n';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { db } from '../../db/appDb';
import { useSession } from '../../db/syncQueries';
import { AccountsSection } from './AccountsSection';
import { adminApi } from './adminApi';
import { AuditSection } from './AuditSection';
import { CommuneSection } from './CommuneSection';
import { ConsentWithdrawnSection } from './ConsentWithdrawnSection';
import { ImportSection } from './ImportSection';
import { VillagesSection } from './VillagesSection';
import { useServerData } from './useServerData';
import './admin.css';

const TABS = ['commune', 'villages', 'accounts', 'import', 'audit', 'consent'] as const;
type Tab = (typeof TABS)[number];

export default function AdminScreen() {
  const { t } = useTranslation();
  const session = useSession(db);
  // A fresh server's first task is choosing the commune; after that, villages are what changes most.
  const [tab, setTab] = useState<Tab | null>(null);
  const me = useServerData(() => adminApi.me(), []);
  const shown: Tab = tab ?? (me.value && !me.value.commune.code ? 'commune' : 'villages');
  if (session === undefined) return <p className="loading">{t('common.loading')}</p>;
  if (session?.user.role !== 'commune_admin') return <p className="empty">{t('admin.onlyAdmin')}</p>;
  return (
    <section className="screen" aria-labelledby="admin-title">
      <div className="screen-head">
        <h1 id="admin-title">{t('admin.title')}</h1>
        <Link href="/targets" className="button">{t('admin.targets')}</Link>
      </div>
      <div className="chips" role="tablist" aria-label={t('admin.title')}>
        {TABS.map((key) => (
          <button key={key} type="button" role="tab" aria-selected={shown === key} className={`chip${shown === key ? ' selected' : ''}`} onClick={() => setTab(key)} data-testid={`admin-tab-${key}`}>
            {t(`admin.tabs.${key}`)}
          </button>
        ))}
      </div>
      {shown === 'commune' && <CommuneSection />}
      {shown === 'villages' && <VillagesSection />}
      {shown === 'accounts' && <AccountsSection currentUserId={session.user.id} />}
      {shown === 'import' && <ImportSection />}
      {shown === 'audit' && <AuditSection />}
      {shown === 'consent' && <ConsentWithdrawnSection />}
    </section>
  );
}
