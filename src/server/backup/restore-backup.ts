// Bringing a backup back (npm run restore, restore.ts): the file is checked first, in memory; the data
// directory in use is moved aside, never deleted; the backup becomes the data directory; and the
// database gets a new generation, so phones that synced with it after the backup start their pull again
// instead of skipping what is written again under the same change numbers (sync [PL8]).
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { openPglite } from '../db/pglite';
import { migrate } from '../db/migrate';
import type { Database } from '../db/database';
import { markRestored } from '../sync/generation';
import { backupFileName } from './backups';

export class RestoreError extends Error {}

export interface RestoreSummary {
  households: number;
  persons: number;
  visits: number;
  /** Where the data directory in use before went (null: there was none). */
  movedAside: string | null;
  generation: string;
}

async function countRecords(db: Database): Promise<Pick<RestoreSummary, 'households' | 'persons' | 'visits'>> {
  const [row] = await db.query<{ households: unknown; persons: unknown; visits: unknown }>(
    `SELECT (SELECT count(*) FROM households WHERE NOT deleted) AS households, (SELECT count(*) FROM persons WHERE NOT deleted) AS persons,
            (SELECT count(*) FROM visits WHERE NOT deleted) AS visits`,
  );
  return { households: Number(row.households), persons: Number(row.persons), visits: Number(row.visits) };
}

/** The backup as PGlite reads it, after checking that it opens and is a Công Dân Số database. */
async function readBackup(file: string): Promise<Blob> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    throw new RestoreError(`Không đọc được tệp ${file}. Kiểm tra lại đường dẫn.`);
  }
  // Unpacked here, not by PGlite: a damaged gzip stream fails inside PGlite where no promise reports it
  // (the process would end on an unhandled error instead of this message).
  const refused = new RestoreError(`Tệp ${file} không phải bản sao lưu của Công Dân Số, hoặc đã hỏng. Chọn tệp khác trong thư mục sao lưu.`);
  let tar: Buffer;
  try {
    tar = gunzipSync(bytes);
  } catch {
    throw refused;
  }
  if (tar.subarray(257, 262).toString('latin1') !== 'ustar') throw refused;
  const blob = new Blob([new Uint8Array(tar)], { type: 'application/x-tar' });
  let probe: Database | undefined;
  try {
    probe = await openPglite(undefined, { loadDataDir: blob });
    await countRecords(probe);
  } catch {
    throw refused;
  } finally {
    await probe?.close().catch(() => {});
  }
  return blob;
}

/** Beside the data directory while a server runs on it (main.ts): a restore must not pull it from under it. */
export function serverPidFile(dataDir: string): string {
  return `${dataDir}.pid`;
}

/** Whether a server process still runs on this data directory (its pid file names a live process). */
export function serverRunsOn(dataDir: string): boolean {
  try {
    const pid = Number(readFileSync(serverPidFile(dataDir), 'utf8').trim());
    if (!Number.isInteger(pid) || pid <= 0) return false;
    process.kill(pid, 0); // throws when there is no such process
    return true;
  } catch {
    return false;
  }
}

/**
 * Everything is prepared in a folder beside the data directory (loaded, migrated, given its new
 * generation, closed); only then are the two swapped by renames. A failure on the way (a full disk,
 * Ctrl+C) leaves the data directory as it was.
 */
export async function restoreFromBackup(options: { file: string; dataDir: string; now: Date }): Promise<RestoreSummary> {
  if (serverRunsOn(options.dataDir)) throw new RestoreError('Máy chủ đang chạy trên thư mục dữ liệu này. Dừng máy chủ trước (Ctrl+C trong cửa sổ của nó), rồi chạy lại lệnh này.');
  const blob = await readBackup(options.file);
  const stamp = backupFileName(options.now).replace(/^cong-dan-so-|\.tar\.gz$/g, '');
  const staging = `${options.dataDir}-dang-khoi-phuc-${stamp}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true, mode: 0o700 });
  let summary: Omit<RestoreSummary, 'movedAside'>;
  try {
    const db = await openPglite(staging, { loadDataDir: blob });
    try {
      await migrate(db); // a backup of an older version gets this version's tables
      const generation = await markRestored(db, options.now);
      summary = { ...(await countRecords(db)), generation };
    } finally {
      await db.close();
    }
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  let movedAside: string | null = null;
  if (existsSync(options.dataDir) && readdirSync(options.dataDir).length > 0) {
    movedAside = `${options.dataDir}-truoc-khoi-phuc-${stamp}`;
    renameSync(options.dataDir, movedAside);
  } else {
    rmSync(options.dataDir, { recursive: true, force: true });
  }
  renameSync(staging, options.dataDir);
  return { ...summary, movedAside };
}

/** PostgreSQL restored by its own tools (pg_restore, psql): only the new generation is this program's part. */
export async function markDatabaseRestored(db: Database, now: Date): Promise<string> {
  await migrate(db);
  return markRestored(db, now);
}
