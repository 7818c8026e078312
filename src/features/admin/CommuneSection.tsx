// Picking the commune from the official list (34 provinces, 3,321 communes). The 145 KB list is loaded
// only when this section opens. The server accepts the first choice only: a code set once stays.
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Banner } from '../../ui/Banner';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { adminApi } from './adminApi';
import { ErrorText } from './ErrorText';
import { errorCodeKey, useServerData } from './useServerData';

interface Province {
  code: string;
  name: string;
  communes: { code: string; name: string }[];
}

export function CommuneSection() {
  const { t } = useTranslation();
  const me = useServerData(() => adminApi.me(), []);
  const [provinces, setProvinces] = useState<Province[] | null>(null);
  const [provinceCode, setProvinceCode] = useState('');
  const [communeCode, setCommuneCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void import('../../shared/data/vn-admin-units.json').then((module) => setProvinces(module.default as Province[]));
  }, []);
  const province = provinces?.find((p) => p.code === provinceCode);
  const communes = useMemo(() => province?.communes ?? [], [province]);
  const chosen = communes.find((c) => c.code === communeCode);
  const commune = me.value?.commune;

  const save = async () => {
    setError(null);
    try {
      await adminApi.setCommune(communeCode);
      me.reload();
    } catch (failure) {
      setError(errorCodeKey(failure));
      // The question stays open: choose again or try again.
      throw failure;
    }
  };

  return (
    <div>
      <ErrorText errorKey={me.error ?? error} />
      {commune?.code ? (
        <Banner tone="info">
          <span data-testid="admin-commune">{t('admin.commune.current', { name: commune.name, province: commune.provinceName, code: commune.code })}</span>
        </Banner>
      ) : (
        <p className="field-hint">{t('admin.commune.notSet')}</p>
      )}
      {!commune?.code && (
        <div className="admin-form">
          {!provinces && <p className="loading">{t('common.loading')}</p>}
          <label className="field">
            <span className="field-label">{t('admin.commune.province')}</span>
            <select className="input" value={provinceCode} onChange={(event) => { setProvinceCode(event.target.value); setCommuneCode(''); }} data-testid="admin-province">
              <option value="">{t('admin.commune.choose')}</option>
              {provinces?.map((p) => <option key={p.code} value={p.code}>{p.name}</option>)}
            </select>
          </label>
          <label className="field">
            <span className="field-label">{t('admin.commune.commune')}</span>
            <select className="input" value={communeCode} onChange={(event) => setCommuneCode(event.target.value)} disabled={!provinceCode} data-testid="admin-commune-select">
              <option value="">{t('admin.commune.choose')}</option>
              {communes.map((c) => <option key={c.code} value={c.code}>{c.name} ({c.code})</option>)}
            </select>
          </label>
          <p className="field-hint">{t('admin.commune.once')}</p>
          {/* Set once for good (the reports to the province carry it): the choice is read back before it is saved. */}
          <ConfirmButton
            label={t('admin.commune.save')}
            className="button button-primary"
            disabled={!chosen}
            warning={chosen && province ? t('admin.commune.confirm', { name: chosen.name, province: province.name, code: chosen.code }) : ''}
            confirmLabel={t('admin.commune.confirmSave')}
            cancelLabel={t('admin.commune.chooseAgain')}
            failedText={t('admin.commune.notSaved')}
            onConfirm={save}
            testId="admin-commune-save"
          />
        </div>
      )}
    </div>
  );
}
