// The visits to a household: when, whom, what was helped with. A visit counts the household as covered.
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { repository } from '../../db/appRepository';
import { formatDateVi, parseDateVi, todayInVietnam } from '../../shared/dates';
import { HELP_TOPICS, type HelpTopic } from '../../shared/statuses';
import type { Household, Person, Visit } from '../../shared/types';
import { Banner } from '../../ui/Banner';
import { TextField } from '../../ui/TextField';

interface Props {
  villageId: string;
  household: Household;
  members: Person[];
  visits: Visit[];
}

interface VisitFormValues {
  visitedOn: string;
  personId: string;
  note: string;
}

export function VisitLog({ villageId, household, members, visits }: Props) {
  const { t } = useTranslation();
  const [helped, setHelped] = useState<HelpTopic[]>([]);
  const [error, setError] = useState(false);
  const { register, handleSubmit, reset } = useForm<VisitFormValues>({
    defaultValues: { visitedOn: formatDateVi(todayInVietnam()), personId: '', note: '' },
  });

  const toggle = (topic: HelpTopic) => setHelped((list) => (list.includes(topic) ? list.filter((x) => x !== topic) : [...list, topic]));

  const onSubmit = async (values: VisitFormValues) => {
    // A visit cannot be in the future: it records work done.
    const visitedOn = parseDateVi(values.visitedOn);
    if (!visitedOn || visitedOn > todayInVietnam()) {
      setError(true);
      return;
    }
    try {
      await repository.addVisit(villageId, {
        householdId: household.id,
        visitedOn,
        personId: values.personId || undefined,
        note: values.note || undefined,
        helpedWith: helped,
      });
      setError(false);
      setHelped([]);
      reset({ visitedOn: formatDateVi(todayInVietnam()), personId: '', note: '' });
    } catch {
      setError(true);
    }
  };

  const nameOf = (personId?: string) => members.find((m) => m.id === personId)?.fullName;

  return (
    <section className="visits" aria-labelledby="visits-title">
      <h2 id="visits-title">{t('visits.title')}</h2>
      <form className="form" onSubmit={handleSubmit(onSubmit)} noValidate>
        <TextField label={t('visits.date')} inputMode="numeric" placeholder={t('common.datePlaceholder')} {...register('visitedOn', { required: true })} />
        <div className="field">
          <label className="field-label" htmlFor="visit-person">{t('visits.person')}</label>
          <select id="visit-person" className="input" {...register('personId')}>
            <option value="">{t('visits.wholeHousehold')}</option>
            {members.map((m) => (
              <option key={m.id} value={m.id}>{m.fullName}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <span className="field-label">{t('visits.helpedWith')}</span>
          <div className="chips">
            {HELP_TOPICS.map((topic) => (
              <button key={topic} type="button" className={`chip${helped.includes(topic) ? ' selected' : ''}`} aria-pressed={helped.includes(topic)} onClick={() => toggle(topic)}>
                {t(`help.${topic}`)}
              </button>
            ))}
          </div>
        </div>
        <TextField label={t('visits.note')} {...register('note')} />
        {error && <Banner tone="error">{t('visits.failed')}</Banner>}
        <button type="submit" className="button button-primary button-wide" data-testid="add-visit">{t('visits.add')}</button>
      </form>
      {visits.length === 0 ? (
        <p className="empty">{t('visits.none')}</p>
      ) : (
        <ul className="list" data-testid="visit-list">
          {visits.map((visit) => (
            <li key={visit.id} className="list-item static">
              <span className="list-title">{formatDateVi(visit.visitedOn)}{visit.personId ? ` · ${nameOf(visit.personId) ?? ''}` : ''}</span>
              {visit.helpedWith.length > 0 && <span className="list-sub">{visit.helpedWith.map((topic) => t(`help.${topic}`)).join(', ')}</span>}
              {visit.note && <span className="list-sub">{visit.note}</span>}
              <button type="button" className="link-button" onClick={() => repository.deleteVisit(visit.id)}>{t('visits.delete')}</button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
