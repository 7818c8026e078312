// The visits to a household: when, whom, what was helped with. A visit counts the household as covered.
// What is typed is kept as a draft until it is recorded (draftStore.ts); a refused save says why, on the
// field at fault; removing a visit asks first.
import './householdsI18n';
import { useEffect, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { repository } from '../../db/appRepository';
import { InvalidRecordError } from '../../db/repository';
import { isStorageFull } from '../../db/storageErrors';
import { validationMessageKey } from '../../i18n';
import { formatDateVi, parseDateVi, todayInVietnam } from '../../shared/dates';
import { isCountedPerson } from '../../shared/indicators';
import { HELP_TOPICS, type HelpTopic } from '../../shared/statuses';
import type { Household, Person, Visit } from '../../shared/types';
import { Banner } from '../../ui/Banner';
import { rosterOrder } from './householdForm';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { TextField } from '../../ui/TextField';
import { clearDraft, draftKey, loadDraft, saveDraft } from './draftStore';

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

interface VisitDraft {
  values: VisitFormValues;
  helped: HelpTopic[];
}

/** Why the last "record visit" did not record it. */
type Failure = null | 'date' | 'storageFull' | 'saveFailed' | { noteMessageKey: string };

const emptyVisit = (): VisitFormValues => ({ visitedOn: formatDateVi(todayInVietnam()), personId: '', note: '' });

/** Nothing typed: the form as it opens. Such a form keeps no draft. */
function isUntouched(values: Partial<VisitFormValues>, helped: readonly HelpTopic[]): boolean {
  const empty = emptyVisit();
  return helped.length === 0 && values.visitedOn === empty.visitedOn && !values.personId && !values.note;
}

/**
 * A draft as the form restores it. The date a draft was typed on is the visit's date only if someone
 * typed it: left as the form filled it in (that day's date), it becomes today's, so a visit begun on
 * Monday and recorded on Friday is not dated Monday without anyone choosing that.
 */
function restoreVisitDraft(draft: (VisitDraft & { typedOn?: string }) | null): VisitDraft | null {
  if (!draft) return null;
  const today = formatDateVi(todayInVietnam());
  const typedOn = draft.typedOn ? formatDateVi(draft.typedOn) : undefined;
  const visitedOn = typedOn !== undefined && draft.values.visitedOn === typedOn ? today : draft.values.visitedOn;
  return { values: { ...draft.values, visitedOn }, helped: draft.helped };
}

export function VisitLog({ villageId, household, members, visits }: Props) {
  const { t } = useTranslation();
  const key = draftKey('visit', household.id);
  const [restored] = useState(() => restoreVisitDraft(loadDraft<VisitDraft & { typedOn?: string }>(key)));
  const [helped, setHelped] = useState<HelpTopic[]>(restored?.helped ?? []);
  const [failure, setFailure] = useState<Failure>(null);
  const { register, handleSubmit, reset, watch, getValues } = useForm<VisitFormValues>({ defaultValues: restored?.values ?? emptyVisit() });
  const helpedRef = useRef(helped);
  helpedRef.current = helped;
  const recording = useRef(false);

  // A visit's note typed on the doorstep is not lost to a reload or a phone call either. A form taken
  // back to how it opened keeps no draft (the household would stay marked as typed and not saved).
  const keepDraft = (values: Partial<VisitFormValues>, helpedNow: readonly HelpTopic[]) => {
    if (isUntouched(values, helpedNow)) clearDraft(key);
    else saveDraft(key, { values, helped: helpedNow, typedOn: todayInVietnam() });
  };
  useEffect(() => {
    const subscription = watch((values) => {
      if (!recording.current) keepDraft(values, helpedRef.current);
    });
    return () => subscription.unsubscribe();
    // keepDraft reads only `key` and module functions.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [watch, key]);

  const toggle = (topic: HelpTopic) => {
    const next = helped.includes(topic) ? helped.filter((x) => x !== topic) : [...helped, topic];
    setHelped(next);
    keepDraft(getValues(), next);
  };

  const onSubmit = async (values: VisitFormValues) => {
    // A visit cannot be in the future: it records work done.
    const visitedOn = parseDateVi(values.visitedOn);
    if (!visitedOn || visitedOn > todayInVietnam()) {
      setFailure('date');
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
      recording.current = true;
      clearDraft(key);
      setFailure(null);
      setHelped([]);
      reset(emptyVisit());
      recording.current = false;
    } catch (error) {
      // Nothing was written (one transaction); the form keeps what was typed.
      if (error instanceof InvalidRecordError) {
        const issue = error.issues[0];
        const field = issue?.path[0];
        setFailure(field === 'note' ? { noteMessageKey: validationMessageKey(issue.message) } : field === 'visitedOn' ? 'date' : 'saveFailed');
      } else if (isStorageFull(error)) setFailure('storageFull');
      else {
        console.error('recording the visit failed', error);
        setFailure('saveFailed');
      }
    }
  };

  const nameOf = (personId?: string) => members.find((m) => m.id === personId)?.fullName;

  return (
    <section className="visits" aria-labelledby="visits-title">
      <h2 id="visits-title">{t('visits.title')}</h2>
      <form className="form" onSubmit={handleSubmit(onSubmit)} noValidate>
        {/* An empty date is checked in onSubmit with the rest: a `required` rule would stop the tap silently. */}
        <TextField label={t('visits.date')} inputMode="numeric" placeholder={t('common.datePlaceholder')} error={failure === 'date' ? t('visits.failed') : undefined} {...register('visitedOn')} />
        <div className="field">
          <label className="field-label" htmlFor="visit-person">{t('visits.person')}</label>
          <select id="visit-person" className="input" {...register('personId')}>
            <option value="">{t('visits.wholeHousehold')}</option>
            {/* Someone who moved away or died is not helped on a visit (one picked in a draft stays listed). */}
            {/* In the roster's order, as on the household's screen (head, spouse, …). */}
            {members.filter((m) => isCountedPerson(m) || m.id === restored?.values.personId).sort(rosterOrder).map((m) => (
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
        <TextField label={t('visits.note')} error={typeof failure === 'object' && failure ? t(failure.noteMessageKey) : undefined} {...register('note')} />
        {failure === 'storageFull' && <Banner tone="error">{t('visits.storageFull')}</Banner>}
        {failure === 'saveFailed' && <Banner tone="error">{t('visits.saveFailed')}</Banner>}
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
              <DeleteVisit visit={visit} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Removing a visit lowers the village's coverage: the member confirms it, and a failure says so. */
function DeleteVisit({ visit }: { visit: Visit }) {
  const { t } = useTranslation();
  const date = formatDateVi(visit.visitedOn);
  return (
    <ConfirmButton
      label={t('visits.delete')}
      className="link-button"
      warning={t('visits.deleteWarning', { date })}
      confirmLabel={t('visits.deleteConfirm')}
      onConfirm={() => repository.deleteVisit(visit.id)}
      testId="visit-delete"
    />
  );
}
