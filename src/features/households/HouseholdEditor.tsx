// The household form: details, consent and the roster in one react-hook-form, validated by the shared
// zod schemas. What is typed is copied to a draft as it is typed and restored after a reload.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Controller, FormProvider, useFieldArray, useForm, type FieldError, type FieldErrors, type Resolver } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'wouter';
import { db } from '../../db/appDb';
import { repository } from '../../db/appRepository';
import { readHousehold, type HouseholdDetail } from '../../db/queries';
import { InvalidRecordError, type HouseholdBase } from '../../db/repository';
import { isStorageFull } from '../../db/storageErrors';
import { validationMessageKey } from '../../i18n';
import { formatDateVi, todayInVietnam } from '../../shared/dates';
import { newRecordId } from '../../shared/ids';
import { Banner } from '../../ui/Banner';
import { ChoiceButtons } from '../../ui/ChoiceButtons';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { TextField } from '../../ui/TextField';
import { clearDraft, draftKey, loadDraft, saveDraft } from './draftStore';
import { emptyHouseholdForm, formToDraft, householdFormSchemaFor, householdToForm, newMember, type HouseholdFormValues, type MemberFormValues } from './householdForm';
import { MemberEditor } from './MemberEditor';
import './householdsI18n';
import { statusChoices, yesNo } from './statusChoices';

interface Props {
  villageId: string;
  detail?: HouseholdDetail;
}

type HouseholdKey = Exclude<keyof HouseholdFormValues, 'members'>;

export function HouseholdEditor({ villageId, detail }: Props) {
  const { t } = useTranslation();
  const [, navigate] = useLocation();
  const householdId = detail?.household.id;
  const key = draftKey('household', householdId ?? `new.${villageId}`);
  const saved = useMemo(() => (detail ? householdToForm(detail.household, detail.members) : emptyHouseholdForm()), [detail]);
  const [restored] = useState(() => readDraft(key));
  /** "What was typed last time is back" stays until that draft is saved or discarded. */
  const [draftBanner, setDraftBanner] = useState(() => restored !== null);
  // The records the form's values are based on (repository.ts HouseholdBase): a save writes only what the
  // user changed since, so changes a sync brings meanwhile are kept. Saved with the draft.
  const [base, setBase] = useState<HouseholdBase | null>(() => restored?.base ?? baseOf(detail));
  const baseRef = useRef(base);
  baseRef.current = base;
  // Built at each check: the birth years the form showed are its base's (householdFormSchemaFor).
  const checkForm: Resolver<HouseholdFormValues> = (values, context, options) => {
    const shownMembers = baseRef.current?.members ?? [];
    const shown = {
      birthYears: new Map(shownMembers.map((member) => [member.id, member.birthYear])),
      birthDates: new Map(shownMembers.map((member) => [member.id, member.birthDate])),
      consentAt: baseRef.current?.household?.consentAt,
    };
    return (zodResolver(householdFormSchemaFor(shown)) as unknown as Resolver<HouseholdFormValues>)(values, context, options);
  };
  // The values that hold no unsaved edit: while the form still equals them, it follows the stored household.
  const cleanValues = useRef<HouseholdFormValues>(restored?.base?.household ? householdToForm(restored.base.household, restored.base.members) : saved);
  // The stored household changed (a sync brought another phone's or the office's change) while the form
  // held edits: it keeps them, and says so, since the save will merge (a restored draft may be so too).
  const [changedMeanwhile, setChangedMeanwhile] = useState(() => Boolean(restored?.base?.household) && !sameContent(saved, cleanValues.current));
  const [expanded, setExpanded] = useState<number | null>(null);
  const expandedRef = useRef(expanded);
  expandedRef.current = expanded;
  // A new household is saved, then reopened at its own address; the history state carries "saved".
  const [status, setStatus] = useState<'idle' | 'saved' | 'failed' | 'storageFull' | 'saveFailed'>(() => (window.history.state?.saved ? 'saved' : 'idle'));
  const form = useForm<HouseholdFormValues>({
    defaultValues: restored?.values ?? saved,
    // The schema's output (parsed records) differs from the form's input (raw strings); onValid gets the output.
    resolver: checkForm,
    mode: 'onSubmit',
  });
  const { control, register, handleSubmit, watch, formState, reset, setValue } = form;
  const members = useFieldArray({ control, name: 'members', keyName: 'key' });
  const consentGiven = watch('consentGiven');
  const business = watch('business');
  const skipDraftWrite = useRef(false);

  // Copy every change to the draft store (cheap: one small JSON string per keystroke).
  useEffect(() => {
    const subscription = watch((values) => {
      if (skipDraftWrite.current) return;
      // Typed and undone: nothing left to keep (the list would call the household half-typed).
      if (sameFormValues(values, cleanValues.current)) clearDraft(key);
      else saveDraft(key, { values, base: baseRef.current } satisfies StoredDraft<typeof values>);
    });
    return () => subscription.unsubscribe();
  }, [watch, key]);

  /** The form shows the household as stored, with no draft, and takes it as its base. */
  const showStored = useCallback(() => {
    skipDraftWrite.current = true;
    clearDraft(key);
    reset(saved);
    skipDraftWrite.current = false;
    cleanValues.current = saved;
    setBase(baseOf(detail));
    setChangedMeanwhile(false);
  }, [key, reset, saved, detail]);

  // A sync, or this form's own save, changed the household underneath. A form without unsaved edits shows
  // the new state, which becomes its base; one with edits keeps them (the save merges, see above).
  const shownDetail = useRef(detail);
  /**
   * The household as stored right after this form's last save (read back then): a stored household with
   * that content is the save coming back, not someone else's change. A save that changed nothing leaves
   * it equal to what is shown, so a later sync is still told apart.
   */
  const [ownSaveResult, setOwnSaveResult] = useState<HouseholdFormValues | 'pending' | null>(null);
  useEffect(() => {
    if (!detail || detail === shownDetail.current) return;
    // A save is being written or read back: decide once it is known what it wrote.
    if (ownSaveResult === 'pending') return;
    shownDetail.current = detail;
    const ownSave = ownSaveResult !== null && sameContent(saved, ownSaveResult);
    if (!sameFormValues(form.getValues(), cleanValues.current)) {
      if (ownSave) {
        setOwnSaveResult(null);
        // The save came back while the user typed on: what it wrote is the new base (so the next save
        // writes only what was typed since, and can remove a member it added); the typing stays an edit.
        cleanValues.current = saved;
        setBase(baseOf(detail));
        saveDraft(key, { values: form.getValues(), base: baseOf(detail) } satisfies StoredDraft);
      } else if (!sameContent(saved, cleanValues.current)) {
        // Someone else's change (a sync) while the form holds edits: they stay, and the save will merge.
        setChangedMeanwhile(true);
      }
      return;
    }
    // The stored roster comes in its own order: the member open on screen stays the one open.
    const open = expandedRef.current === null ? undefined : form.getValues(`members.${expandedRef.current}`);
    showStored();
    if (open) setExpanded(sameMemberIndex(saved.members, open));
  }, [detail, saved, form, showStored, key, ownSaveResult]);

  const message = (name: HouseholdKey) => {
    const error = formState.errors[name] as FieldError | undefined;
    return error ? t(validationMessageKey(error.message)) : undefined;
  };

  const discardDraft = () => {
    showStored();
    setDraftBanner(false);
  };

  const onValid = async (values: unknown) => {
    // New members get their record ids now, in the form too. Typing that goes on during the save keeps
    // the form from taking the stored roster (with the ids) back, and its next save must update these
    // members, not add them again. Should this save fail, the next one creates them under the same ids.
    (values as { members: { id?: string }[] }).members.forEach((member, index) => {
      if (member.id) return;
      member.id = newRecordId();
      form.setValue(`members.${index}.id`, member.id);
    });
    // The typed values this save writes: anything typed while it runs is not in it.
    const submitted = structuredClone(form.getValues());
    setStatus('idle');
    if (householdId) setOwnSaveResult('pending');
    try {
      const id = await repository.saveHousehold(formToDraft(values as never, villageId, householdId, base ?? undefined));
      skipDraftWrite.current = true;
      clearDraft(key);
      setStatus('saved');
      setChangedMeanwhile(false);
      setDraftBanner(false);
      if (!householdId) navigate(`/households/${id}`, { replace: true, state: { saved: true } });
      else {
        // What was saved is the form's new baseline: "saved" shows until the next change, and the stored
        // household (with the new members' ids) replaces it when it arrives, unless the user types first.
        // Typing since the tap stays an unsaved edit, in the form and in the draft.
        reset(submitted, { keepValues: true });
        cleanValues.current = submitted;
        const stored = await readHousehold(db, id).catch(() => null);
        setOwnSaveResult(stored ? householdToForm(stored.household, stored.members) : null);
        skipDraftWrite.current = false;
        if (!sameFormValues(form.getValues(), submitted)) saveDraft(key, { values: form.getValues(), base: baseRef.current } satisfies StoredDraft);
      }
    } catch (error) {
      setOwnSaveResult(null);
      // The save is one transaction: whatever failed, nothing was half-written and the form keeps its values.
      if (error instanceof InvalidRecordError) setStatus('failed');
      else if (isStorageFull(error)) setStatus('storageFull');
      else {
        console.error('saving the household failed', error);
        setStatus('saveFailed');
      }
    }
  };

  const onInvalid = (errors: FieldErrors<HouseholdFormValues>) => {
    // Open the first member with an error so the user sees what to fix (from this submit's errors: the
    // form state read here may not have them yet).
    const firstBad = errors.members ? Object.keys(errors.members).map(Number).find(Number.isFinite) : undefined;
    if (firstBad !== undefined) {
      setExpanded(firstBad);
      setFocusRequest((n) => n + 1);
    }
    setStatus('failed');
  };

  // Once the member's fields are on screen, the first one at fault takes the focus, so the keyboard and a
  // screen reader land on what to fix (react-hook-form cannot focus fields of a closed member, nor the
  // choice buttons).
  const formRef = useRef<HTMLFormElement>(null);
  const [focusRequest, setFocusRequest] = useState(0);
  useEffect(() => {
    if (focusRequest === 0) return;
    const invalid = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    const target = invalid?.getAttribute('role') === 'radiogroup' ? invalid.querySelector<HTMLElement>('[role="radio"]') : invalid;
    target?.focus();
  }, [focusRequest]);

  const addMember = () => {
    members.append(newMember(members.fields.length === 0 ? 'head' : 'child'));
    setExpanded(members.fields.length);
  };

  return (
    <FormProvider {...form}>
      <form ref={formRef} className="form" onSubmit={handleSubmit(onValid, onInvalid)} noValidate>
        <h1>{householdId ? t('household.editTitle') : t('household.newTitle')}</h1>
        {draftBanner && (
          <>
            <Banner tone="info">{t('household.draftRestored')}</Banner>
            {/* Throwing away what was typed cannot be undone: asked first, like every other removal. */}
            <ConfirmButton
              label={t('household.discardDraft')}
              warning={t('household.discardDraftWarning')}
              confirmLabel={t('household.discardDraft')}
              cancelLabel={t('household.keepDraft')}
              onConfirm={discardDraft}
              testId="discard-draft"
            />
          </>
        )}
        {changedMeanwhile && (
          <Banner tone="info" action={<button type="button" className="button" onClick={showStored} data-testid="show-update">{t('household.showUpdate')}</button>}>
            {t('household.changedMeanwhile')}
          </Banner>
        )}
        <TextField label={t('household.headName')} autoComplete="off" error={message('headName')} {...register('headName')} />
        <TextField label={t('household.address')} autoComplete="off" error={message('address')} {...register('address')} />
        <TextField label={t('household.phone')} type="tel" inputMode="tel" error={message('phone')} {...register('phone')} />
        <Controller control={control} name="business" render={({ field }) => (
          <ChoiceButtons name="business" label={t('household.business')} value={field.value} choices={statusChoices.business(t)} onChange={field.onChange} />
        )} />
        {business !== 'none' && (
          <Controller control={control} name="acceptsCashless" render={({ field }) => (
            <ChoiceButtons name="acceptsCashless" label={t('household.acceptsCashless')} value={field.value} choices={yesNo(t)} onChange={field.onChange} />
          )} />
        )}

        <fieldset className="fieldset">
          <legend>{t('consent.title')}</legend>
          <p className="field-hint">{t('consent.explain')}</p>
          <label className="checkbox">
            <input
              type="checkbox"
              {...register('consentGiven', {
                onChange: (event: { target: { checked: boolean } }) => {
                  if (!event.target.checked) return;
                  if (!form.getValues('consentAt')) setValue('consentAt', formatDateVi(todayInVietnam()));
                  if (!form.getValues('consentBy')) setValue('consentBy', form.getValues('headName'));
                },
              })}
            />
            <span>{t('consent.given')}</span>
          </label>
          {/* Unticked on a household that had given it: a withdrawal, which the office must act on (Law 91/2025). */}
          {!consentGiven && detail?.household.consentGiven && (
            <p className="field-hint" role="note" data-testid="consent-withdrawal">{t('household.consentWithdrawal')}</p>
          )}
          {consentGiven && (
            <>
              <TextField label={t('consent.by')} error={message('consentBy')} {...register('consentBy')} />
              <TextField label={t('consent.at')} inputMode="numeric" placeholder={t('common.datePlaceholder')} error={message('consentAt')} {...register('consentAt')} />
            </>
          )}
        </fieldset>

        <fieldset className="fieldset">
          <legend>{t('members.title', { count: members.fields.length })}</legend>
          {members.fields.map((member, index) => (
            <MemberEditor
              key={member.key}
              index={index}
              expanded={expanded === index}
              onToggle={() => setExpanded(expanded === index ? null : index)}
              onRemove={() => {
                members.remove(index);
                setExpanded(null);
              }}
            />
          ))}
          <button type="button" className="button button-wide" onClick={addMember} data-testid="add-member">
            {t('members.add')}
          </button>
        </fieldset>

        <TextField label={t('household.note')} error={message('note')} {...register('note')} />

        {status === 'failed' && <Banner tone="error">{t('household.fixErrors')}</Banner>}
        {status === 'storageFull' && <Banner tone="error">{t('household.storageFull')}</Banner>}
        {status === 'saveFailed' && <Banner tone="error">{t('household.saveFailed')}</Banner>}
        {status === 'saved' && !formState.isDirty && <Banner tone="success">{t('household.saved')}</Banner>}
        <div className="form-actions">
          <button type="submit" className="button button-primary button-wide" disabled={formState.isSubmitting} data-testid="save-household">
            {t('household.save')}
          </button>
        </div>
        {householdId && <DeleteHousehold householdId={householdId} onDeleted={() => { clearDraft(key); clearDraft(draftKey('visit', householdId)); navigate('/', { replace: true }); }} />}
      </form>
    </FormProvider>
  );
}

/** What the draft store keeps for this form: the typed values and the records they are based on. */
interface StoredDraft<V = HouseholdFormValues> {
  values: V;
  base: HouseholdBase | null;
}

function baseOf(detail: HouseholdDetail | undefined): HouseholdBase | null {
  return detail ? { household: detail.household, members: detail.members } : null;
}

function readDraft(key: string): StoredDraft | null {
  const stored = loadDraft<unknown>(key);
  if (!stored || typeof stored !== 'object') return null;
  // A draft written before bases were kept holds the values alone: its base is the household as stored now.
  return 'values' in stored ? (stored as StoredDraft) : { values: stored as HouseholdFormValues, base: null };
}

/** Where a member shown before a reset is in the new roster: by record id, else by name and birth year. */
function sameMemberIndex(members: readonly MemberFormValues[], member: MemberFormValues): number | null {
  const byId = member.id ? members.findIndex((m) => m.id === member.id) : -1;
  const index = byId >= 0 ? byId : members.findIndex((m) => m.fullName === member.fullName && m.birthYear === member.birthYear);
  return index >= 0 ? index : null;
}

/** Equal form values, whatever the order of their keys. */
function sameFormValues(a: unknown, b: unknown): boolean {
  const sorted = (value: unknown): unknown =>
    Array.isArray(value) ? value.map(sorted) : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).sort(([x], [y]) => x.localeCompare(y)).map(([k, v]) => [k, sorted(v)])) : value;
  return JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
}

/**
 * The same household and the same people, whatever the members' order and whether they have their ids
 * yet: what a form saved, and the same records once stored (new members with ids) or pulled back.
 */
function sameContent(a: HouseholdFormValues, b: HouseholdFormValues): boolean {
  const people = (values: HouseholdFormValues) => values.members.map(({ id: _id, ...member }) => JSON.stringify(Object.entries(member).sort(([x], [y]) => x.localeCompare(y)))).sort();
  return sameFormValues({ ...a, members: people(a) }, { ...b, members: people(b) });
}

function DeleteHousehold({ householdId, onDeleted }: { householdId: string; onDeleted: () => void }) {
  const { t } = useTranslation();
  return (
    <ConfirmButton
      label={t('household.delete')}
      className="button button-danger-outline button-wide"
      warning={t('household.deleteWarning')}
      confirmLabel={t('household.deleteConfirm')}
      onConfirm={async () => {
        await repository.deleteHousehold(householdId);
        onDeleted();
      }}
    />
  );
}
