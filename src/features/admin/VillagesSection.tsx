// The commune's villages with their expected household counts (the denominator of household coverage).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Village } from '../../shared/types';
import { formatNumberVi, parseCountVi } from '../../shared/text';
import { adminApi } from './adminApi';
import { ErrorText } from './ErrorText';
import { errorCodeKey, useServerData } from './useServerData';

/** "" → null (not set yet); otherwise a whole number, or undefined when it is not one. */
/** "1.200" as well as "1200": Vietnamese group thousands with a dot. */
// The server's limit (shared/schemas.ts): a larger number would be refused with a generic message.
const parseCount = (text: string) => parseCountVi(text, 100_000);

export function VillagesSection() {
  const { t } = useTranslation();
  const villages = useServerData(() => adminApi.villages(), []);
  const [form, setForm] = useState({ name: '', code: '', expected: '' });
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<{ id: string; expected: string } | null>(null);
  const expected = parseCount(form.expected);

  const run = async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
      villages.reload();
      return true;
    } catch (failure) {
      setError(errorCodeKey(failure));
      return false;
    }
  };
  const create = async () => {
    const done = await run(() => adminApi.createVillage({ name: form.name.trim(), ...(form.code.trim() ? { code: form.code.trim() } : {}), expectedHouseholds: expected ?? null }));
    if (done) setForm({ name: '', code: '', expected: '' });
  };
  const saveExpected = async (village: Village) => {
    const count = parseCount(editing?.expected ?? '');
    if (count === undefined) return;
    if (await run(() => adminApi.updateVillage(village.id, { expectedHouseholds: count }))) setEditing(null);
  };

  return (
    <div>
      <ErrorText errorKey={villages.error ?? error} />
      <ul className="list" data-testid="admin-villages">
        {villages.value?.villages.map((village) => (
          <li key={village.id} className="admin-card">
            <h3>{village.name}{village.code ? ` (${village.code})` : ''}</h3>
            {editing?.id === village.id ? (
              <div className="row">
                <input className="input" inputMode="numeric" aria-label={t('admin.villages.expected')} value={editing.expected} aria-invalid={parseCount(editing.expected) === undefined} onChange={(event) => setEditing({ id: village.id, expected: event.target.value })} />
                <button type="button" className="button button-primary" disabled={parseCount(editing.expected) === undefined} onClick={() => saveExpected(village)}>{t('admin.save')}</button>
                <button type="button" className="button" onClick={() => setEditing(null)}>{t('common.cancel')}</button>
                {parseCount(editing.expected) === undefined && <span className="field-error">{t('admin.villages.expectedInvalid')}</span>}
              </div>
            ) : (
              <p className="row">
                <span>{village.expectedHouseholds === null ? t('admin.villages.noExpected') : t('admin.villages.expectedCount', { count: village.expectedHouseholds, formatted: formatNumberVi(village.expectedHouseholds) })}</span>
                <button type="button" className="link-button" onClick={() => setEditing({ id: village.id, expected: village.expectedHouseholds === null ? '' : String(village.expectedHouseholds) })}>{t('admin.villages.editExpected')}</button>
              </p>
            )}
          </li>
        ))}
      </ul>
      {villages.value?.villages.length === 0 && <p className="empty">{t('admin.villages.none')}</p>}
      <form className="admin-form" onSubmit={(event) => { event.preventDefault(); void create(); }}>
        <h2>{t('admin.villages.new')}</h2>
        <label className="field">
          <span className="field-label">{t('admin.villages.name')}</span>
          <input className="input" value={form.name} onChange={(event) => setForm({ ...form, name: event.target.value })} required maxLength={120} data-testid="admin-village-name" />
        </label>
        <label className="field">
          <span className="field-label">{t('admin.villages.code')}</span>
          <input className="input" value={form.code} onChange={(event) => setForm({ ...form, code: event.target.value })} maxLength={20} />
        </label>
        <label className="field">
          <span className="field-label">{t('admin.villages.expected')}</span>
          <input className="input" inputMode="numeric" value={form.expected} onChange={(event) => setForm({ ...form, expected: event.target.value })} aria-invalid={expected === undefined} data-testid="admin-village-expected" />
          {expected === undefined && <span className="field-error">{t('admin.villages.expectedInvalid')}</span>}
        </label>
        <button type="submit" className="button button-primary" disabled={!form.name.trim() || expected === undefined} data-testid="admin-village-create">{t('admin.villages.create')}</button>
      </form>
    </div>
  );
}
