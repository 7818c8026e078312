// Settings → "Sao lưu": everything unsent (or the whole local database) to an encrypted file the member
// can carry to the commune office when the phone cannot sync. Nothing is removed from the phone: the
// outbox still sends the same changes later, and the server takes each only once.
import { lazy, Suspense, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { db } from '../../db/appDb';
import { MIN_PASSPHRASE_LENGTH } from '../../backup/backupFile';
import { todayInVietnam } from '../../shared/dates';
import { Banner } from '../../ui/Banner';
import { ChoiceButtons } from '../../ui/ChoiceButtons';
import { TextField } from '../../ui/TextField';
import { backupErrorKey } from './backupErrors';
import { downloadTextFile } from './downloadFile';

// The office side (decrypt and push) is loaded only when someone opens it.
const BackupImportPanel = lazy(() => import('./BackupImportPanel'));

type Kind = 'unsent' | 'everything';
type Status = { kind: 'idle' } | { kind: 'working' } | { kind: 'done'; changes: number } | { kind: 'error'; key: string };

export default function BackupExportSection() {
  const { t } = useTranslation();
  const [kind, setKind] = useState<Kind>('unsent');
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [importOpen, setImportOpen] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (passphrase.length < MIN_PASSPHRASE_LENGTH) return setStatus({ kind: 'error', key: 'backup.errors.PASSPHRASE_TOO_SHORT' });
    if (passphrase !== confirm) return setStatus({ kind: 'error', key: 'backup.errors.mismatch' });
    setStatus({ kind: 'working' });
    try {
      // Loaded on use: the key derivation and the database read are not part of any screen's code.
      const [{ collectBackup }, { encryptBackup }] = await Promise.all([import('../../db/backupContents'), import('../../backup/backupFile')]);
      const content = await collectBackup(db, kind, new Date());
      const file = await encryptBackup(content, passphrase);
      downloadTextFile(file, `cong-dan-so-sao-luu-${todayInVietnam(new Date())}.cdsbackup`);
      setPassphrase('');
      setConfirm('');
      setStatus({ kind: 'done', changes: content.mutations.length });
    } catch (error) {
      setStatus({ kind: 'error', key: backupErrorKey(error) });
    }
  };

  return (
    <>
    <form className="form" onSubmit={submit} data-testid="backup-export">
      <p className="field-hint">{t('backup.explain')}</p>
      <ChoiceButtons<Kind>
        label={t('backup.what')}
        value={kind}
        choices={[{ value: 'unsent', label: t('backup.unsent') }, { value: 'everything', label: t('backup.everything') }]}
        onChange={setKind}
      />
      <TextField label={t('backup.passphrase')} type="password" autoComplete="new-password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} hint={t('backup.passphraseHint')} data-testid="backup-passphrase" />
      <TextField label={t('backup.confirm')} type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} data-testid="backup-confirm" />
      <button type="submit" className="button button-primary button-wide" disabled={status.kind === 'working'} data-testid="backup-download">
        {status.kind === 'working' ? t('backup.working') : t('backup.download')}
      </button>
      {status.kind === 'done' && <Banner tone="success">{t('backup.done', { count: status.changes })}</Banner>}
      {status.kind === 'error' && <Banner tone="error">{t(status.key)}</Banner>}
    </form>
    {importOpen ? (
      <Suspense fallback={<p className="loading">{t('common.loading')}</p>}>
        <BackupImportPanel />
      </Suspense>
    ) : (
      <button type="button" className="button button-wide" onClick={() => setImportOpen(true)} data-testid="backup-import-open">{t('backup.importLink')}</button>
    )}
    </>
  );
}
