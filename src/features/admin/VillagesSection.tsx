// The commune's villages with their expected household counts (the denominator of household coverage).
// A village's name, code and count can be corrected: a misspelt name would otherwise stay on every report.
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
  const [editing, setEditing] = useState<{ id: string; name: string; code: string; expected: string } | null>(null);
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
  const saveEdit = async (village: Village) => {
    if (!editing) return;
    const count = parseCount(editing.expected);
    if (count === undefined || !editing.name.trim()) return;
    // An empty code clears it (the server stores none).
    const change = { name: editing.name.trim(), code: editing.code.trim(), expectedHouseholds: count };
    if (await run(() => adminApi.updateVillage(village.id, change))) setEditing(null);
  };
  const editValid = editing !== null && editing.name.trim() !== '' && parseCount(editing.expected) !== undefined;

  return (
    <div>
      <ErrorText errorKey={villages.error} />
      <ul className="list" data-testid="admin-villages">
        {villages.value?.villages.map((village) => (
          <li key={village.id} className="admin-card">
            <h3>{village.name}{village.code ? ` (${village.code})` : ''}</h3>
            {editing?.id === village.id ? (
              <div className="admin-form" data-testid="admin-village-edit">
                <label className="field">
                  <span className="field-label">{t('admin.villages.name')}</span>
                  <input className="input" value={editing.name} maxLength={120} aria-invalid={!editing.name.trim()} onChange={(event) => setEditing({ ...editing, name: event.target.value })} data-testid="admin-village-edit-name" />
                </label>
                <label className="field">
                  <span className="field-label">{t('admin.villages.code')}</span>
                  <input className="input" value={editing.code} maxLength={20} onChange={(event) => setEditing({ ...editing, code: event.target.value })} />
                </label>
                <label className="field">
                  <span className="field-label">{t('admin.villages.expected')}</span>
                  <input className="input" inputMode="numeric" value={editing.expected} aria-invalid={parseCount(editing.expected) === undefined} onChange={(event) => setEditing({ ...editing, expected: event.target.value })} />
                  {parseCount(editing.expected) === undefined && <span className="field-error">{t('admin.villages.expectedInvalid')}</span>}
                </label>
                {/* Said here, beside the form that failed (a taken code), not at the top of a long list. */}
                <ErrorText errorKey={error} />
                <div className="row">
                  <button type="button" className="button button-primary" disabled={!editValid} onClick={() => saveEdit(village)} data-testid="admin-village-edit-save">{t('admin.save')}</button>
                  <button type="button" className="button" onClick={() => { setEditing(null); setError(null); }}>{t('common.cancel')}</button>
                </div>
              </div>
            ) : (
              <p className="row">
                <span>{village.expectedHouseholds === null ? t('admin.villages.noExpected') : t('admin.villages.expectedCount', { count: village.expectedHouseholds, formatted: formatNumberVi(village.expectedHouseholds) })}</span>
                <button type="button" className="link-button" onClick={() => { setError(null); setEditing({ id: village.id, name: village.name, code: village.code ?? '', expected: village.expectedHouseholds === null ? '' : String(village.expectedHouseholds) }); }} data-testid="admin-village-edit-open">{t('admin.villages.edit')}</button>
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
        {!editing && <ErrorText errorKey={error} />}
        <button type="submit" className="button button-primary" disabled={!form.name.trim() || expected === undefined} data-testid="admin-village-create">{t('admin.villages.create')}</button>
      </form>
    </div>
  );
}
