// A household: its details, consent, roster and visit log. Opens lazily (forms are not in the shell).
import { useTranslation } from 'react-i18next';
import { db } from '../../db/appDb';
import { useHousehold } from '../../db/queries';
import { HouseholdEditor } from './HouseholdEditor';
import { HouseholdHistory } from './HouseholdHistory';
import { VisitLog } from './VisitLog';

interface Props {
  villageId: string;
  householdId?: string;
}

export default function HouseholdScreen({ villageId, householdId }: Props) {
  const { t } = useTranslation();
  const detail = useHousehold(db, householdId);
  if (householdId && detail === undefined) return <p className="loading">{t('common.loading')}</p>;
  if (householdId && detail === null) return <p className="empty">{t('household.notFound')}</p>;
  // A household opened from another village's screens (commune dashboard, audit trail, a parked change)
  // is edited in its own village, not the one selected.
  const householdVillageId = detail?.household.villageId ?? villageId;
  return (
    <section className="screen">
      {/* key: a different household (or the first save of a new one) starts a fresh form. */}
      <HouseholdEditor key={householdId ?? 'new'} villageId={householdVillageId} detail={detail ?? undefined} />
      {detail && <VisitLog villageId={householdVillageId} household={detail.household} members={detail.members} visits={detail.visits} />}
      {detail && <HouseholdHistory household={detail.household} members={detail.members} visits={detail.visits} />}
    </section>
  );
}
