// Importing a decrypted device backup at the commune office through the normal sync push, with the
// mutations exactly as the phone recorded them: the server's idempotency keys make a second import, or
// the phone's own later sync, answer "duplicate" and change nothing. [PU2]
import type { Mutation, PushResponse } from '../shared/protocol';

export interface ImportSummary {
  total: number;
  applied: number;
  duplicate: number;
  conflict: number;
  rejected: number;
  /** Codes of the rejected mutations, with how many of each. */
  rejectedCodes: Record<string, number>;
}

export interface BackupForImport {
  deviceId: string;
  mutations: Mutation[];
}

/** The part of a decrypted file the import needs, checked before anything is sent. */
export function readBackupForImport(content: unknown): BackupForImport {
  const candidate = content as Partial<BackupForImport> | null;
  if (!candidate || typeof candidate.deviceId !== 'string' || !Array.isArray(candidate.mutations)) throw new Error('NOT_A_BACKUP');
  if (!candidate.mutations.every((m) => m && typeof m === 'object' && typeof (m as Mutation).id === 'string')) throw new Error('NOT_A_BACKUP');
  return { deviceId: candidate.deviceId, mutations: candidate.mutations };
}

export async function importBackup(
  push: (deviceId: string, mutations: Mutation[]) => Promise<PushResponse>,
  backup: BackupForImport,
  batchSize = 500,
  onProgress?: (sent: number, total: number) => void,
): Promise<ImportSummary> {
  const summary: ImportSummary = { total: backup.mutations.length, applied: 0, duplicate: 0, conflict: 0, rejected: 0, rejectedCodes: {} };
  // In the order recorded: a household is created before its members, as on the phone.
  for (let start = 0; start < backup.mutations.length; start += batchSize) {
    const { results } = await push(backup.deviceId, backup.mutations.slice(start, start + batchSize));
    for (const result of results) {
      summary[result.status] += 1;
      if (result.status === 'rejected') {
        const code = result.error?.code ?? 'UNKNOWN';
        summary.rejectedCodes[code] = (summary.rejectedCodes[code] ?? 0) + 1;
      }
    }
    onProgress?.(Math.min(start + batchSize, backup.mutations.length), backup.mutations.length);
  }
  return summary;
}
