// The i18n key of a backup failure: the file's own codes, or a generic one for anything else.
import { BackupError } from '../../backup/backupFile';

export function backupErrorKey(error: unknown): string {
  if (error instanceof BackupError) return `backup.errors.${error.code}`;
  if (error instanceof Error && error.message === 'NOT_A_BACKUP') return 'backup.errors.NOT_A_BACKUP';
  return 'backup.errors.failed';
}
