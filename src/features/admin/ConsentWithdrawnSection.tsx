// Households that withdrew their consent (a team unticked it on a phone): the office erases each one whole
// ([DS4]–[DS5] in docs/api.md). The erasure cannot be undone, so it is asked first, naming the household.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateVi, todayInVietnam } from '../../shared/dates';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { adminApi } from './adminApi';
import { ErrorText } from './ErrorText';
import { errorCodeKey, useServerData } from './useServerData';

export function ConsentWithdrawnSection() {
  const { t } = useTranslation();
  const list = useServerData(() => adminApi.consentWithdrawn(), []);
  const [error, setError] = useState<string | null>(null);
  const [erased, setErased] = useState<string | null>(null);

  const erase = async (id: string, headName: string) => {
    setError(null);
    setErased(null);
    try {
      await adminApi.eraseHousehold(id);
      setErased(headName);
      list.reload();
    } catch (failure) {
      setError(errorCodeKey(failure));
      // Consent given again meanwhile: the list was out of date.
      list.reload();
      throw failure;
    }
  };

  return (
    <div>
      <p className="field-hint">{t('admin.consent.explain')}</p>
      <ErrorText errorKey={list.error ?? error} />
      {erased && <p className="muted" role="status" data-testid="admin-consent-erased">{t('admin.consent.erased', { name: erased })}</p>}
      {list.value && list.value.households.length === 0 && <p className="empty">{t('admin.consent.none')}</p>}
      <ul className="list" data-testid="admin-consent-list">
        {list.value?.households.map((household) => (
          <li key={household.id} className="admin-card" data-testid="admin-consent-household">
            <h3>{household.headName}</h3>
            <p className="muted">
              {t('admin.consent.where', { village: household.village, address: household.address, count: household.members })}
              {' · '}
              {t('admin.consent.when', { date: formatDateVi(todayInVietnam(new Date(household.withdrawnAt))) })}
            </p>
            <ConfirmButton
              label={t('admin.consent.erase')}
              className="button button-danger"
              warning={t('admin.consent.eraseWarning', { name: household.headName, count: household.members })}
              confirmLabel={t('admin.consent.eraseConfirm')}
              onConfirm={() => erase(household.id, household.headName)}
              testId="admin-consent-erase"
            />
          </li>
        ))}
      </ul>
    </div>
  );
}
