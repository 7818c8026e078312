// Backups of the embedded database (PGlite), as files in a folder: what a commune office running
// `npm start` on one computer needs so that a broken disk or a deleted folder does not lose the commune.
// Each file is the whole data directory (Database.dump), gzipped; `npm run restore -- <file>` brings one
// back (restore.ts). The newest BACKUP_KEEP files are kept. PostgreSQL is backed up with pg_dump instead.
import { chmod, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from '../db/database';

const PREFIX = 'cong-dan-so-';
const SUFFIX = '.tar.gz';
const NAME = /^cong-dan-so-(\d{8})-(\d{6})\.tar\.gz$/;
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

export interface BackupFile {
  name: string;
  path: string;
  bytes: number;
  /** When it was taken (from its name, Vietnam time). */
  takenAt: Date;
}

/** "cong-dan-so-20261123-021500.tar.gz": Vietnam time, so an officer finds the day they are looking for. */
export function backupFileName(now: Date): string {
  const local = new Date(now.getTime() + VIETNAM_OFFSET_MS).toISOString(); // 2026-11-23T02:15:00.000Z
  return `${PREFIX}${local.slice(0, 10).replaceAll('-', '')}-${local.slice(11, 19).replaceAll(':', '')}${SUFFIX}`;
}

function takenAtOf(name: string): Date | null {
  const match = NAME.exec(name);
  if (!match) return null;
  const [d, t] = [match[1], match[2]];
  const utc = Date.parse(`${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${t.slice(0, 2)}:${t.slice(2, 4)}:${t.slice(4, 6)}Z`);
  return Number.isNaN(utc) ? null : new Date(utc - VIETNAM_OFFSET_MS);
}

/** The backups in `dir`, newest first; other files there are left alone. */
export async function listBackups(dir: string): Promise<BackupFile[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const files: BackupFile[] = [];
  for (const name of names) {
    const takenAt = takenAtOf(name);
    if (!takenAt) continue;
    const path = join(dir, name);
    files.push({ name, path, bytes: (await stat(path)).size, takenAt });
  }
  return files.sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime());
}

/**
 * Writes a backup of `db` into `dir` and removes the oldest beyond `keep`. The file appears under its
 * name only once it is whole (written beside it, then renamed), so a crash never leaves a half file
 * that looks like a backup.
 */
export async function takeBackup(db: Database, dir: string, now: Date, keep: number): Promise<BackupFile> {
  if (!db.dump) throw new Error('Chỉ sao lưu được cơ sở dữ liệu nhúng (PGlite); PostgreSQL dùng pg_dump.');
  // A backup is the whole commune, unencrypted: readable by the server's own account only.
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // `mode` applies only to what is created: a folder (and backups) from before are closed up here too.
  // A folder the server does not own (a mounted USB stick) may refuse; the backup is still written.
  await chmod(dir, 0o700).catch(() => undefined);
  const bytes = new Uint8Array(await (await db.dump()).arrayBuffer());
  const name = backupFileName(now);
  const path = join(dir, name);
  const partial = `${path}.dang-ghi`;
  await writeFile(partial, bytes, { mode: 0o600 });
  await chmod(partial, 0o600); // a partial left by a crash keeps its old mode through writeFile
  await rename(partial, path);
  // The one just written always stays: with the computer's clock set back (a flat CMOS battery), its
  // name sorts oldest, and it would otherwise go at once while it is the only copy of today's data.
  const others = (await listBackups(dir)).filter((file) => file.name !== name);
  for (const older of others) await chmod(older.path, 0o600).catch(() => undefined);
  for (const old of others.slice(Math.max(keep - 1, 0))) await rm(old.path, { force: true });
  return { name, path, bytes: bytes.length, takenAt: takenAtOf(name)! };
}
