// The pull cursor: opaque to the phone, here base64url of "1.<last change_seq>.<village-set fingerprint>".
// The fingerprint notices that the caller's villages changed since the cursor was issued. [PL1] [PL5]
import { createHash } from 'node:crypto';
import { AppError } from '../http/app-error';

export interface Cursor {
  seq: number;
  fingerprint: string;
}

export function villageFingerprint(villageIds: readonly string[]): string {
  return createHash('sha256').update([...villageIds].sort().join(',')).digest('base64url').slice(0, 16);
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`1.${cursor.seq}.${cursor.fingerprint}`).toString('base64url');
}

export function decodeCursor(text: string | undefined): Cursor | undefined {
  if (text === undefined || text === '') return undefined;
  const match = /^1\.(\d{1,15})\.([A-Za-z0-9_-]{16})$/.exec(Buffer.from(text, 'base64url').toString('utf8'));
  if (!match || text.length > 64) throw new AppError('INVALID_CURSOR');
  return { seq: Number(match[1]), fingerprint: match[2] };
}
