// The team's to-do for the next round: people grouped by household with what each still lacks.
import { useRememberedState } from '../../app/rememberedState';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { useCurrentVillageData } from '../../db/villageData';
import { ageAt, todayInVietnam } from '../../shared/dates';
import { followUpList, GAPS, type Gap } from '../../shared/followup';
import type { Village } from '../../shared/types';
import { householdsWithoutConsent } from './consentFilter';
import { followUpText } from './followUpText';

export default function FollowUpScreen({ village }: { village: Village }) {
  const { t } = useTranslation();
  const data = useCurrentVillageData();
  // Kept while a household is open (Back returns to the same filter).
  const [gap, setGap] = useRememberedState<Gap | undefined>(`followUp.gap.${village.id}`, undefined);
  // "Chưa đồng ý" is a filter of its own: households to ask for consent, gaps or not.
  const [noConsent, setNoConsent] = useRememberedState(`followUp.noConsent.${village.id}`, false);
  const asOf = todayInVietnam();
  const list = useMemo(
    () => (!data ? [] : noConsent ? householdsWithoutConsent(data.households, data.persons, asOf) : followUpList(data.households, data.persons, asOf, { gap })),
    [data, asOf, gap, noConsent],
  );
  const people = list.reduce((sum, entry) => sum + entry.persons.length, 0);
  const [shared, setShared] = useState<'shared' | 'copied' | null>(null);

  // The phone's share sheet (Zalo, SMS…) where there is one; otherwise the text goes to the clipboard.
  const share = async () => {
    const text = followUpText(list, { t, asOf, villageName: village.name, gap });
    try {
      if (navigator.share) {
        await navigator.share({ title: t('followUp.title'), text });
        setShared('shared');
      } else {
        await navigator.clipboard.writeText(text);
        setShared('copied');
      }
    } catch {
      // The user closed the share sheet: nothing to say.
    }
  };

  return (
    <section className="screen" aria-labelledby="followup-title">
      <div className="screen-head">
        <h1 id="followup-title">{t('followUp.title')}</h1>
        <div className="row no-print">
          <button type="button" className="button" onClick={() => window.print()}>{t('followUp.print')}</button>
          {/* Shared text leaves out households without consent, so under "Chưa đồng ý" it would be empty. */}
          {!noConsent && <button type="button" className="button" onClick={share} data-testid="share-followup">{t('followUp.share')}</button>}
        </div>
      </div>
      {shared && <p className="muted" role="status">{t(shared === 'copied' ? 'followUp.copied' : 'followUp.shared')}</p>}
      <div className="chips no-print" role="group" aria-label={t('followUp.filterLabel')}>
        <button type="button" className={`chip${gap === undefined && !noConsent ? ' selected' : ''}`} aria-pressed={gap === undefined && !noConsent} onClick={() => { setGap(undefined); setNoConsent(false); }}>
          {t('followUp.all')}
        </button>
        {GAPS.map((key) => (
          <button key={key} type="button" className={`chip${gap === key && !noConsent ? ' selected' : ''}`} aria-pressed={gap === key && !noConsent} onClick={() => { setGap(key); setNoConsent(false); }}>
            {t(`gap.${key}`)}
          </button>
        ))}
        <button type="button" className={`chip${noConsent ? ' selected' : ''}`} aria-pressed={noConsent} onClick={() => { setGap(undefined); setNoConsent(true); }} data-testid="filter-no-consent">
          {t('households.badges.noConsent')}
        </button>
      </div>
      {/* A large village takes a moment to read: say so rather than show an empty list. */}
      {!data && <p className="loading" role="status">{t('common.loading')}</p>}
      {data && (
        <p className="count" data-testid="followup-count">
          {t('followUp.count', { people, households: list.length })}
        </p>
      )}
      {data && list.length === 0 && <p className="empty">{t('followUp.empty')}</p>}
      <ul className="list" data-testid="followup-list">
        {list.map(({ household, persons }) => (
          <li key={household.id} className="followup-household">
            <Link href={`/households/${household.id}`} className="list-item">
              <span className="list-title">{household.headName}</span>
              <span className="list-sub">{household.address}</span>
              {!household.consentGiven && <span className="badge badge-warn">{t('households.badges.noConsent')}</span>}
            </Link>
            <ul className="followup-persons">
              {persons.map(({ person, gaps }) => (
                <li key={person.id} className="followup-person">
                  <span className="person-name">
                    {person.fullName} <span className="muted">({t('followUp.age', { age: ageAt(person, asOf) })})</span>
                  </span>
                  <span className="badges">
                    {gaps.map((g) => (
                      <span key={g} className="badge badge-gap">{t(`gap.${g}`)}</span>
                    ))}
                  </span>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}
