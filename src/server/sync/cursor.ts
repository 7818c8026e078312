// The pull cursor: opaque to the phone, here base64url of
// "2.<last change_seq>.<village-set fingerprint>.<database generation>". The fingerprint notices that the
// caller's villages changed since the cursor was issued [PL1] [PL5]; the generation, that the database
// was restored from a backup since [PL8]. Cursors of the first form, "1.<seq>.<fingerprint>", issued
// before generations existed, are still read, without a generation.
import { createHash } from 'node:crypto';
import { AppError } from '../http/app-error';

export interface Cursor {
  seq: number;
  fingerprint: string;
  /** Absent in a cursor of the first form. */
  generation?: string;
}

export function villageFingerprint(villageIds: readonly string[]): string {
  return createHash('sha256').update([...villageIds].sort().join(',')).digest('base64url').slice(0, 16);
}

export function encodeCursor(cursor: Required<Cursor>): string {
  return Buffer.from(`2.${cursor.seq}.${cursor.fingerprint}.${cursor.generation}`).toString('base64url');
}

export function decodeCursor(text: string | undefined): Cursor | undefined {
  if (text === undefined || text === '') return undefined;
  const match = /^(?:1\.(\d{1,15})\.([A-Za-z0-9_-]{16})|2\.(\d{1,15})\.([A-Za-z0-9_-]{16})\.([0-9a-f]{12}))$/.exec(Buffer.from(text, 'base64url').toString('utf8'));
  if (!match || text.length > 96) throw new AppError('INVALID_CURSOR');
  if (match[1] !== undefined) return { seq: Number(match[1]), fingerprint: match[2] };
  return { seq: Number(match[3]), fingerprint: match[4], generation: match[5] };
}
