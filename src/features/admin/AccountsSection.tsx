// Accounts of the commune: create one (role and villages), reset a password, disable, change villages or
// the role, and see each account's phones with "revoke" for a lost one (refused at its next request).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Village } from '../../shared/types';
import { formatDateTimeVi } from './formatTime';
import { adminApi, type Account, type Role } from './adminApi';
import { ErrorText } from './ErrorText';
import { errorCodeKey, useServerData } from './useServerData';
import { ConfirmButton } from '../../ui/ConfirmButton';

const ROLES: Role[] = ['member', 'village_head', 'commune_admin'];

function VillageChoices({ villages, chosen, onChange, idPrefix }: { villages: Village[]; chosen: string[]; onChange: (ids: string[]) => void; idPrefix: string }) {
  return (
    <div className="choices">
      {villages.map((village) => (
        <label key={village.id} className="checkbox">
          <input
            type="checkbox"
            checked={chosen.includes(village.id)}
            onChange={(event) => onChange(event.target.checked ? [...chosen, village.id] : chosen.filter((id) => id !== village.id))}
            data-testid={`${idPrefix}-${village.name}`}
          />
          {village.name}
        </label>
      ))}
    </div>
  );
}

function DeviceList({ userId, onError }: { userId: string; onError: (key: string) => void }) {
  const { t } = useTranslation();
  const devices = useServerData(() => adminApi.devices(userId), [userId]);
  const revoke = async (id: string) => {
    if (!window.confirm(t('admin.accounts.revokeConfirm'))) return;
    try {
      await adminApi.revokeDevice(id);
      devices.reload();
    } catch (failure) {
      onError(errorCodeKey(failure));
    }
  };
  if (!devices.value) return <p className="loading">{t('common.loading')}</p>;
  if (devices.value.devices.length === 0) return <p className="muted">{t('admin.accounts.noDevices')}</p>;
  return (
    <ul className="list">
      {devices.value.devices.map((device) => (
        <li key={device.id} className="row" data-testid="admin-device">
          <span>
            {device.name ?? t('admin.accounts.unnamedDevice')} · {t('admin.accounts.lastSeen', { time: formatDateTimeVi(device.lastSeenAt) })}
            {device.revokedAt && <span className="badge badge-warn">{t('admin.accounts.revoked')}</span>}
          </span>
          {!device.revokedAt && <button type="button" className="button button-danger-outline" onClick={() => revoke(device.id)}>{t('admin.accounts.revoke')}</button>}
        </li>
      ))}
    </ul>
  );
}

function AccountCard({ account, villages, isSelf, onChanged }: { account: Account; villages: Village[]; isSelf: boolean; onChanged: () => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [password, setPassword] = useState('');
  const [villageIds, setVillageIds] = useState<string[] | null>(null);
  const [showDevices, setShowDevices] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  /** The role being chosen (and, leaving commune_admin, the villages it will have); null when closed. */
  const [newRole, setNewRole] = useState<{ role: Role; villageIds: string[] } | null>(null);
  const names = account.villageIds.map((id) => villages.find((v) => v.id === id)?.name ?? id).join(', ');
  const update = async (input: Parameters<typeof adminApi.updateUser>[1]) => {
    setError(null);
    setNotice(null);
    try {
      await adminApi.updateUser(account.id, input);
      setPassword('');
      setVillageIds(null);
      setNewRole(null);
      // A new password or role also signs every phone of the account out (the server revokes its sessions).
      if (input.password) setNotice(t('admin.accounts.passwordResetDone', { username: account.username }));
      if (input.role) setNotice(t('admin.accounts.roleChanged', { username: account.username, role: t(`admin.roles.${input.role}`) }));
      if (input.password || input.role) setShowDevices(false);
      onChanged();
    } catch (failure) {
      setError(errorCodeKey(failure));
      throw failure;
    }
  };
  // The forms below say what failed through `error`; the confirmation keeps its question open on its own.
  const updateNow = (input: Parameters<typeof adminApi.updateUser>[1]) => update(input).catch(() => undefined);
  return (
    <li className="admin-card" data-testid={`admin-account-${account.username}`}>
      <h3>
        {account.username} <span className="muted">· {t(`admin.roles.${account.role}`)}</span>
        {account.disabled && <span className="badge badge-warn">{t('admin.accounts.disabled')}</span>}
      </h3>
      {account.role !== 'commune_admin' && <p className="muted">{names || t('admin.accounts.noVillages')}</p>}
      <ErrorText errorKey={error} />
      <div className="row">
        {account.role !== 'commune_admin' && (
          <button type="button" className="link-button" onClick={() => setVillageIds(villageIds ? null : account.villageIds)}>{t('admin.accounts.changeVillages')}</button>
        )}
        {!isSelf && account.disabled && (
          <button type="button" className="link-button" onClick={() => updateNow({ disabled: false })}>{t('admin.accounts.enable')}</button>
        )}
        {!isSelf && !account.disabled && (
          <ConfirmButton
            label={t('admin.accounts.disable')}
            className="link-button"
            warning={t('admin.accounts.disableWarning', { username: account.username })}
            confirmLabel={t('admin.accounts.disable')}
            onConfirm={() => update({ disabled: true })}
          />
        )}
        {!isSelf && (
          <button type="button" className="link-button" onClick={() => setNewRole(newRole ? null : { role: account.role, villageIds: account.villageIds })} data-testid="admin-change-role">
            {t('admin.accounts.changeRole')}
          </button>
        )}
        <button type="button" className="link-button" onClick={() => setShowDevices(!showDevices)} data-testid="admin-show-devices">{t('admin.accounts.devices')}</button>
      </div>
      {newRole && (
        <div>
          <label className="field">
            <span className="field-label">{t('admin.accounts.role')}</span>
            <select className="input" value={newRole.role} onChange={(event) => setNewRole({ ...newRole, role: event.target.value as Role })} data-testid="admin-new-role">
              {ROLES.map((role) => <option key={role} value={role}>{t(`admin.roles.${role}`)}</option>)}
            </select>
          </label>
          {/* An administrator has no village list: one who becomes a member or head needs theirs chosen. */}
          {account.role === 'commune_admin' && newRole.role !== 'commune_admin' && (
            <VillageChoices villages={villages} chosen={newRole.villageIds} onChange={(ids) => setNewRole({ ...newRole, villageIds: ids })} idPrefix={`admin-role-village-${account.username}`} />
          )}
          <ConfirmButton
            label={t('admin.accounts.saveRole')}
            className="button button-primary"
            disabled={newRole.role === account.role}
            warning={t('admin.accounts.roleWarning', { username: account.username, role: t(`admin.roles.${newRole.role}`) })}
            confirmLabel={t('admin.accounts.saveRole')}
            onConfirm={() => update(newRole.role === 'commune_admin' || account.role !== 'commune_admin' ? { role: newRole.role } : { role: newRole.role, villageIds: newRole.villageIds })}
            testId="admin-save-role"
          />
        </div>
      )}
      {villageIds && (
        <div>
          <VillageChoices villages={villages} chosen={villageIds} onChange={setVillageIds} idPrefix={`admin-edit-village-${account.username}`} />
          <button type="button" className="button button-primary" onClick={() => updateNow({ villageIds })}>{t('admin.save')}</button>
        </div>
      )}
      <form className="row" onSubmit={(event) => { event.preventDefault(); void updateNow({ password }); }}>
        <input className="input" type="password" autoComplete="new-password" placeholder={t('admin.accounts.newPassword')} aria-label={t('admin.accounts.newPassword')} value={password} onChange={(event) => setPassword(event.target.value)} />
        <button type="submit" className="button" disabled={password.length < 8}>{t('admin.accounts.resetPassword')}</button>
      </form>
      {notice && <p className="muted" role="status" data-testid="admin-account-notice">{notice}</p>}
      {showDevices && <DeviceList userId={account.id} onError={setError} />}
    </li>
  );
}

export function AccountsSection({ currentUserId }: { currentUserId: string }) {
  const { t } = useTranslation();
  const users = useServerData(() => adminApi.users(), []);
  const villages = useServerData(() => adminApi.villages(), []);
  const [form, setForm] = useState<{ username: string; password: string; role: Role; villageIds: string[] }>({ username: '', password: '', role: 'member', villageIds: [] });
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const villageList = villages.value?.villages ?? [];
  const usernameValid = /^[A-Za-z0-9._-]{3,40}$/.test(form.username.trim());

  const create = async () => {
    setError(null);
    setCreated(null);
    try {
      await adminApi.createUser({ ...form, username: form.username.trim(), villageIds: form.role === 'commune_admin' ? [] : form.villageIds });
      setCreated(form.username.trim());
      setForm({ username: '', password: '', role: 'member', villageIds: [] });
      users.reload();
    } catch (failure) {
      setError(errorCodeKey(failure));
    }
  };

  return (
    <div>
      <ErrorText errorKey={users.error ?? villages.error} />
      <ul className="list">
        {users.value?.users.map((account) => (
          <AccountCard key={account.id} account={account} villages={villageList} isSelf={account.id === currentUserId} onChanged={users.reload} />
        ))}
      </ul>
      <form className="admin-form" onSubmit={(event) => { event.preventDefault(); void create(); }}>
        <h2>{t('admin.accounts.new')}</h2>
        <ErrorText errorKey={error} />
        {created && <p className="muted" role="status">{t('admin.accounts.created', { username: created })}</p>}
        <label className="field">
          <span className="field-label">{t('admin.accounts.username')}</span>
          <input className="input" autoComplete="off" value={form.username} onChange={(event) => setForm({ ...form, username: event.target.value })} data-testid="admin-user-name" />
          <span className="field-hint">{t('admin.accounts.usernameHint')}</span>
        </label>
        <label className="field">
          <span className="field-label">{t('admin.accounts.password')}</span>
          <input className="input" type="password" autoComplete="new-password" value={form.password} onChange={(event) => setForm({ ...form, password: event.target.value })} data-testid="admin-user-password" />
          <span className="field-hint">{t('admin.accounts.passwordHint')}</span>
        </label>
        <label className="field">
          <span className="field-label">{t('admin.accounts.role')}</span>
          <select className="input" value={form.role} onChange={(event) => setForm({ ...form, role: event.target.value as Role })} data-testid="admin-user-role">
            {ROLES.map((role) => <option key={role} value={role}>{t(`admin.roles.${role}`)}</option>)}
          </select>
        </label>
        {form.role !== 'commune_admin' && (
          <fieldset className="fieldset">
            <legend className="field-label">{t('admin.accounts.villages')}</legend>
            <VillageChoices villages={villageList} chosen={form.villageIds} onChange={(villageIds) => setForm({ ...form, villageIds })} idPrefix="admin-user-village" />
          </fieldset>
        )}
        <button type="submit" className="button button-primary" disabled={!usernameValid || form.password.length < 8} data-testid="admin-user-create">{t('admin.accounts.create')}</button>
      </form>
    </div>
  );
}
