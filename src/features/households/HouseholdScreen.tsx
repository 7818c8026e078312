// A household: its details, consent, roster and visit log. Opens lazily (forms are not in the shell).
import './householdsI18n';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { db } from '../../db/appDb';
import { useHousehold } from '../../db/queries';
import { HouseholdEditor } from './HouseholdEditor';
import { HouseholdHistory } from './HouseholdHistory';
import { VisitLog } from './VisitLog';
import { Banner } from '../../ui/Banner';
import { clearDraft, draftKey, loadDraft } from './draftStore';

const DRAFT_FORMS = ['household', 'visit'] as const;

/**
 * A household that is not (or no longer) on the phone: a sync may have brought its deletion while
 * something typed for it waited as a draft. That draft can never be saved, so say so and let it go
 * (otherwise the household stays counted as "typed and not saved", and sign-out keeps asking to save it).
 */
function MissingHousehold({ householdId }: { householdId: string }) {
  const { t } = useTranslation();
  const [hasDraft, setHasDraft] = useState(() => DRAFT_FORMS.some((form) => loadDraft(draftKey(form, householdId)) !== null));
  if (!hasDraft) return <p className="empty">{t('household.notFound')}</p>;
  return (
    <section className="screen">
      <Banner tone="warning">{t('household.deletedWithDraft')}</Banner>
      <button
        type="button"
        className="button"
        data-testid="discard-orphan-draft"
        onClick={() => {
          for (const form of DRAFT_FORMS) clearDraft(draftKey(form, householdId));
          setHasDraft(false);
        }}
      >
        {t('household.discardDraft')}
      </button>
    </section>
  );
}

interface Props {
  villageId: string;
  householdId?: string;
}

export default function HouseholdScreen({ villageId, householdId }: Props) {
  const { t } = useTranslation();
  const detail = useHousehold(db, householdId);
  if (householdId && detail === undefined) return <p className="loading">{t('common.loading')}</p>;
  if (householdId && detail === null) return <MissingHousehold householdId={householdId} />;
  // A household opened from another village's screens (commune dashboard, audit trail, a parked change)
  // is edited in its own village, not the one selected.
  const householdVillageId = detail?.household.villageId ?? villageId;
  return (
    <section className="screen">
      {/* key: a different household (or the first save of a new one) starts a fresh form. */}
      <HouseholdEditor key={householdId ?? 'new'} villageId={householdVillageId} detail={detail ?? undefined} />
      {detail && <VisitLog villageId={householdVillageId} household={detail.household} members={detail.members} visits={detail.visits} />}
      {detail && <HouseholdHistory household={detail.household} members={detail.members} visits={detail.visits} removedMembers={detail.removedMembers} />}
    </section>
  );
}
