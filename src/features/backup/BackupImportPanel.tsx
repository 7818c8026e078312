// At the commune office: open a phone's backup file, decrypt it here in the browser with the passphrase
// its owner chose, and send its changes through the normal sync push. The same file imported twice (or
// the phone syncing later) changes nothing more: every change keeps the id it was recorded with.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { db } from '../../db/appDb';
import { createSyncStore } from '../../db/syncStore';
import { formatNumberVi } from '../../shared/text';
import { createApiClient } from '../../sync/api';
import { Banner } from '../../ui/Banner';
import { TextField } from '../../ui/TextField';
import { decryptBackup } from '../../backup/backupFile';
import { importBackup, readBackupForImport, type ImportSummary } from '../../backup/importBackup';
import { backupErrorKey } from './backupErrors';

type Status = { kind: 'idle' } | { kind: 'working'; sent: number; total: number } | { kind: 'done'; summary: ImportSummary } | { kind: 'error'; key: string };

export default function BackupImportPanel() {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [status, setStatus] = useState<Status>({ kind: 'idle' });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return setStatus({ kind: 'error', key: 'backup.errors.noFile' });
    const store = createSyncStore(db);
    const session = await store.getSession();
    if (!session || session.expired) return setStatus({ kind: 'error', key: 'backup.errors.signIn' });
    setStatus({ kind: 'working', sent: 0, total: 0 });
    let backup;
    try {
      backup = readBackupForImport(await decryptBackup(await file.text(), passphrase));
    } catch (error) {
      return setStatus({ kind: 'error', key: backupErrorKey(error) });
    }
    const api = createApiClient({ fetch: (url, init) => fetch(url, init), baseUrl: '', getToken: async () => session.token });
    try {
      const summary = await importBackup(api.push, backup, 500, (sent, total) => setStatus({ kind: 'working', sent, total }));
      setPassphrase('');
      setStatus({ kind: 'done', summary });
    } catch {
      setStatus({ kind: 'error', key: 'backup.errors.pushFailed' });
    }
  };

  return (
    <section aria-labelledby="backup-import-title" data-testid="backup-import">
      <h3 id="backup-import-title">{t('backup.importTitle')}</h3>
      <p className="field-hint">{t('backup.importExplain')}</p>
      <form className="form" onSubmit={submit}>
        <div className="field">
          <label className="field-label" htmlFor="backup-file">{t('backup.file')}</label>
          <input id="backup-file" className="input" type="file" accept=".cdsbackup,application/json,application/octet-stream" onChange={(e) => setFile(e.target.files?.[0] ?? null)} data-testid="backup-file" />
        </div>
        <TextField label={t('backup.passphrase')} type="password" autoComplete="off" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} data-testid="backup-import-passphrase" />
        <button type="submit" className="button button-primary button-wide" disabled={status.kind === 'working'} data-testid="backup-import-submit">{t('backup.importSubmit')}</button>
      </form>
      {status.kind === 'working' && <p aria-live="polite">{t('backup.importing', { sent: formatNumberVi(status.sent, 0), total: formatNumberVi(status.total, 0) })}</p>}
      {status.kind === 'done' && (
        <Banner tone={status.summary.rejected > 0 ? 'warning' : 'success'}>
          <span data-testid="backup-import-result">
            {t('backup.imported', { total: status.summary.total, applied: status.summary.applied, duplicate: status.summary.duplicate, conflict: status.summary.conflict, rejected: status.summary.rejected })}
          </span>
        </Banner>
      )}
      {status.kind === 'error' && <Banner tone="error">{t(status.key)}</Banner>}
    </section>
  );
}
