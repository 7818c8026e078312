// The commune's targets (rates the commune plan sets for each indicator), edited by its administrator in
// percent. Saved on the server (PUT /api/admin/targets); every dashboard and report then uses them.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { DEFAULT_TARGETS, INDICATOR_KEYS, type IndicatorKey } from '../../shared/indicators';
import { formatPercentVi } from '../../shared/text';
import { Banner } from '../../ui/Banner';
import { serverApi } from '../indicators/serverApi';
import { errorKey } from '../serverRequest';
import { refreshTargets, useTargets } from '../indicators/useTargets';
import '../commune/commune.css';
import { parsePercent, toPercentText } from './percent';
import '../indicators/indicatorsI18n';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { useCommuneUnitWord } from '../commune/useCommuneUnitWord';

export default function TargetsScreen() {
  const { t } = useTranslation();
  const unit = useCommuneUnitWord();
  const targets = useTargets();
  const [edits, setEdits] = useState<Partial<Record<IndicatorKey, string>>>({});
  const [state, setState] = useState<{ saving: boolean; error: string | null; saved: boolean }>({ saving: false, error: null, saved: false });
  const invalid = INDICATOR_KEYS.filter((key) => edits[key] !== undefined && parsePercent(edits[key]!) === null);

  const save = async (changes: Partial<Record<IndicatorKey, number | null>>) => {
    setState({ saving: true, error: null, saved: false });
    try {
      await serverApi.saveTargets(changes);
      await refreshTargets();
      setEdits({});
      setState({ saving: false, error: null, saved: true });
    } catch (failure) {
      setState({ saving: false, error: errorKey(failure), saved: false });
    }
  };
  const submit = () => {
    const changes: Partial<Record<IndicatorKey, number>> = {};
    for (const key of INDICATOR_KEYS) {
      if (edits[key] !== undefined) changes[key] = parsePercent(edits[key]!)!;
    }
    void save(changes);
  };

  return (
    <section className="screen" aria-labelledby="targets-title">
      <div className="screen-head">
        <h1 id="targets-title">{t('targets.title', unit)}</h1>
        <Link href="/commune" className="button">{t('commune.back', unit)}</Link>
      </div>
      <p className="field-hint">{t('targets.explain', unit)}</p>
      <ul className="target-list">
        {INDICATOR_KEYS.map((key) => (
          <li key={key} className="target-item">
            <label htmlFor={`target-${key}`}>{t(`indicator.${key}`)}</label>
            <input
              id={`target-${key}`}
              className="input target-input"
              inputMode="decimal"
              value={edits[key] ?? toPercentText(targets[key])}
              aria-invalid={invalid.includes(key)}
              aria-describedby={`target-hint-${key}`}
              onChange={(event) => setEdits({ ...edits, [key]: event.target.value })}
              data-testid={`target-${key}`}
            />
            <p id={`target-hint-${key}`} className={invalid.includes(key) ? 'field-error' : 'field-hint'}>
              {invalid.includes(key) ? t('validation.targetRate') : t('targets.default', { target: formatPercentVi(DEFAULT_TARGETS[key]) })}
            </p>
          </li>
        ))}
      </ul>
      {state.error && <Banner tone="error">{t(state.error)}</Banner>}
      {state.saved && <Banner tone="success">{t('targets.saved')}</Banner>}
      <div className="row">
        <button type="button" className="button button-primary" disabled={state.saving || invalid.length > 0 || Object.keys(edits).length === 0} onClick={submit} data-testid="save-targets">
          {t('targets.save')}
        </button>
        <ConfirmButton
          label={t('targets.resetAll')}
          warning={t('targets.resetWarning', unit)}
          confirmLabel={t('targets.resetConfirm')}
          disabled={state.saving}
          onConfirm={() => save(Object.fromEntries(INDICATOR_KEYS.map((key) => [key, null])))}
        />
      </div>
    </section>
  );
}
