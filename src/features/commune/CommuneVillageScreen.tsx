// One village opened from the commune dashboard: its dashboard and its follow-up list, from the data on
// this phone (a commune administrator's phone holds every village after a sync), so it shows the same
// figures a village head sees on theirs.
import { lazy } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { db } from '../../db/appDb';
import { useVillages } from '../../db/queries';
import { VillageReadProblem } from '../../app/VillageReadProblem';
import { VillageDataProvider } from '../../db/villageData';
import './commune.css';
import '../indicators/indicatorsI18n';
import { useCommuneUnitWord } from './useCommuneUnitWord';

const DashboardScreen = lazy(() => import('../dashboard/DashboardScreen'));
const FollowUpScreen = lazy(() => import('../followup/FollowUpScreen'));

export default function CommuneVillageScreen({ villageId, view }: { villageId: string; view: 'dashboard' | 'follow-up' }) {
  const { t } = useTranslation();
  const unit = useCommuneUnitWord();
  const villages = useVillages(db);
  if (villages === undefined) return null;
  const village = villages.find((v) => v.id === villageId);
  if (!village) {
    return (
      <section className="screen">
        <p className="empty">{t('commune.villageNotOnPhone')}</p>
        <Link href="/commune" className="button">{t('commune.back', unit)}</Link>
      </section>
    );
  }
  const base = `/commune/villages/${village.id}`;
  return (
    <>
      <nav className="village-tabs" aria-label={village.name}>
        <Link href="/commune" className="button">{t('commune.back', unit)}</Link>
        <Link href={base} className={`chip${view === 'dashboard' ? ' selected' : ''}`} aria-current={view === 'dashboard' ? 'page' : undefined}>
          {t('nav.dashboard')}
        </Link>
        <Link href={`${base}/follow-up`} className={`chip${view === 'follow-up' ? ' selected' : ''}`} aria-current={view === 'follow-up' ? 'page' : undefined} data-testid="village-follow-up">
          {t('nav.followUp')}
        </Link>
      </nav>
      <VillageDataProvider villageId={village.id}>
        <VillageReadProblem />
        {view === 'dashboard' ? <DashboardScreen village={village} /> : <FollowUpScreen village={village} />}
      </VillageDataProvider>
    </>
  );
}
