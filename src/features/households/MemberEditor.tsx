// One member of the roster. Collapsed it is one line (name, age, what is still lacking); expanded it
// shows every status as large toggle buttons. Only one member is expanded at a time, so a household of
// twelve does not turn into a form of two hundred buttons (long rosters froze other tools' forms).
import './householdsI18n';
import { Controller, useFormContext, useWatch, type FieldError } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { validationMessageKey } from '../../i18n';
import { ChoiceButtons } from '../../ui/ChoiceButtons';
import { TextField } from '../../ui/TextField';
import { statusChoices, yesNo } from './statusChoices';
import type { HouseholdFormValues, MemberFormValues } from './householdForm';
import { ConfirmButton } from '../../ui/ConfirmButton';

interface Props {
  index: number;
  expanded: boolean;
  onToggle: () => void;
  onRemove: () => void;
}

type MemberKey = keyof MemberFormValues & string;
const CHOICE_FIELDS = ['sex', 'relation', 'residency', 'vneid', 'smartphone', 'digitalSkills', 'digitalSignature'] as const;
const BOOLEAN_FIELDS = ['paymentAccount', 'healthBook', 'usesCashless', 'onlinePublicServices'] as const;

export function MemberEditor({ index, expanded, onToggle, onRemove }: Props) {
  const { t } = useTranslation();
  const { control, register, formState } = useFormContext<HouseholdFormValues>();
  const member = useWatch({ control, name: `members.${index}` });
  const errors = formState.errors.members?.[index] as Partial<Record<MemberKey, FieldError>> | undefined;
  const message = (key: MemberKey) => (errors?.[key] ? t(validationMessageKey(errors[key]?.message)) : undefined);
  const path = (key: MemberKey) => `members.${index}.${key}` as const;

  return (
    <div className={`member${errors ? ' has-error' : ''}`} data-testid={`member-${index}`}>
      <button type="button" className="member-summary" aria-expanded={expanded} onClick={onToggle}>
        <span className="list-title">{member?.fullName || t('members.unnamed')}</span>
        <span className="list-sub">
          {member?.relation ? t(`status.relation.${member.relation}`) : ''}
          {member && Number.isFinite(member.birthYear) ? ` · ${member.birthYear}` : ''}
          {errors ? ` · ${t('members.hasErrors')}` : ''}
        </span>
      </button>
      {expanded && (
        <div className="member-body">
          <TextField label={t('members.fullName')} autoComplete="off" error={message('fullName')} {...register(path('fullName'))} />
          <TextField
            label={t('members.birthYear')}
            type="number"
            inputMode="numeric"
            error={message('birthYear')}
            {...register(path('birthYear'), { valueAsNumber: true })}
          />
          <TextField label={t('members.birthDate')} inputMode="numeric" placeholder={t('common.datePlaceholder')} hint={t('members.birthDateHint')} error={message('birthDate')} {...register(path('birthDate'))} />
          {CHOICE_FIELDS.map((key) => (
            <Controller
              key={key}
              control={control}
              name={path(key)}
              render={({ field }) => (
                <ChoiceButtons name={key} label={t(`members.${key}`)} value={field.value as string} choices={statusChoices[key](t)} onChange={field.onChange} error={message(key)} />
              )}
            />
          ))}
          {BOOLEAN_FIELDS.map((key) => (
            <Controller
              key={key}
              control={control}
              name={path(key)}
              render={({ field }) => (
                <ChoiceButtons name={key} label={t(`members.${key}`)} value={field.value as boolean} choices={yesNo(t)} onChange={field.onChange} />
              )}
            />
          ))}
          <p className="field-hint">{t('members.removeHint')}</p>
          <ConfirmButton
            label={t('members.remove')}
            className="button button-danger"
            warning={t('members.removeWarning')}
            confirmLabel={t('members.removeConfirm')}
            onConfirm={onRemove}
            testId="remove-member"
          />
        </div>
      )}
    </div>
  );
}
