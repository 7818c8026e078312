// The encrypted device-backup file (docs/backup-format.md). Web Crypto only, so the same code runs in
// the browser (export on the phone, decrypt at the commune office) and in Node tests.
//   key:    PBKDF2-SHA256 over the passphrase, random 16-byte salt, ≥ 600,000 iterations (OWASP 2023) →
//           512 bits: the first 256 are the AES-GCM key, the last 256 a passphrase check stored in the file
//           (so a wrong passphrase is told apart from a damaged file; it helps no guesser more than the
//           GCM tag already does).
//   cipher: AES-256-GCM, random 12-byte iv; the header (format, version, kdf, cipher, check) is the
//           additional authenticated data, so changing any of it is detected too.
// Nothing but the header is readable without the passphrase: a file left on a shared computer shows
// no name, no village, not even how many records it holds.

export const BACKUP_FORMAT = 'cong-dan-so-backup';
export const BACKUP_VERSION = 1;
export const PBKDF2_ITERATIONS = 600_000;
/** Files with fewer iterations are refused (a tampered header must not weaken the key derivation). */
export const MIN_PBKDF2_ITERATIONS = 310_000;
export const MIN_PASSPHRASE_LENGTH = 8;

export type BackupErrorCode = 'NOT_A_BACKUP' | 'UNSUPPORTED_VERSION' | 'WRONG_PASSPHRASE' | 'TAMPERED' | 'PASSPHRASE_TOO_SHORT';

export class BackupError extends Error {
  constructor(readonly code: BackupErrorCode) {
    super(code);
    this.name = 'BackupError';
  }
}

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  kdf: { name: 'PBKDF2'; hash: 'SHA-256'; iterations: number; salt: string };
  cipher: { name: 'AES-GCM'; iv: string };
  /** base64 of the last 256 derived bits: checks the passphrase before decrypting. */
  check: string;
}

export interface BackupFile extends BackupHeader {
  ciphertext: string;
}

const encoder = new TextEncoder();

function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The header as authenticated data: its fields in a fixed order, so parsing and re-serialising agree. */
function headerBytes(header: BackupHeader): Uint8Array<ArrayBuffer> {
  const { format, version, kdf, cipher, check } = header;
  return encoder.encode(JSON.stringify([format, version, kdf.name, kdf.hash, kdf.iterations, kdf.salt, cipher.name, cipher.iv, check]));
}

async function deriveKeyAndCheck(passphrase: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<{ key: CryptoKey; check: Uint8Array }> {
  const material = await crypto.subtle.importKey('raw', encoder.encode(passphrase.normalize('NFC')), 'PBKDF2', false, ['deriveBits']);
  const bits = new Uint8Array(await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, material, 512));
  const key = await crypto.subtle.importKey('raw', bits.slice(0, 32), 'AES-GCM', false, ['encrypt', 'decrypt']);
  return { key, check: bits.slice(32) };
}

export async function encryptBackup(content: unknown, passphrase: string, iterations = PBKDF2_ITERATIONS): Promise<string> {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) throw new BackupError('PASSPHRASE_TOO_SHORT');
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const { key, check } = await deriveKeyAndCheck(passphrase, salt, Math.max(iterations, MIN_PBKDF2_ITERATIONS));
  const header: BackupHeader = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: Math.max(iterations, MIN_PBKDF2_ITERATIONS), salt: toBase64(salt) },
    cipher: { name: 'AES-GCM', iv: toBase64(iv) },
    check: toBase64(check),
  };
  const plaintext = encoder.encode(JSON.stringify(content));
  const ciphertext = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: headerBytes(header) }, key, plaintext));
  const file: BackupFile = { ...header, ciphertext: toBase64(ciphertext) };
  return JSON.stringify(file);
}

function parseFile(text: string): BackupFile {
  let file: Partial<BackupFile>;
  try {
    file = JSON.parse(text) as Partial<BackupFile>;
  } catch {
    throw new BackupError('NOT_A_BACKUP');
  }
  if (!file || typeof file !== 'object' || file.format !== BACKUP_FORMAT) throw new BackupError('NOT_A_BACKUP');
  if (file.version !== BACKUP_VERSION || file.kdf?.name !== 'PBKDF2' || file.kdf.hash !== 'SHA-256' || file.cipher?.name !== 'AES-GCM') {
    throw new BackupError('UNSUPPORTED_VERSION');
  }
  const strings = [file.kdf.salt, file.cipher.iv, file.check, file.ciphertext];
  if (!strings.every((s) => typeof s === 'string') || !Number.isInteger(file.kdf.iterations)) throw new BackupError('TAMPERED');
  // A header edited to a weak (cheap to guess) or absurd (hang the browser) work factor is refused.
  if (file.kdf.iterations < MIN_PBKDF2_ITERATIONS || file.kdf.iterations > 10_000_000) throw new BackupError('TAMPERED');
  return file as BackupFile;
}

export async function decryptBackup<T = unknown>(text: string, passphrase: string): Promise<T> {
  const file = parseFile(text);
  let salt, iv, check, ciphertext;
  try {
    [salt, iv, check, ciphertext] = [file.kdf.salt, file.cipher.iv, file.check, file.ciphertext].map(fromBase64);
  } catch {
    throw new BackupError('TAMPERED');
  }
  const derived = await deriveKeyAndCheck(passphrase, salt, file.kdf.iterations);
  if (derived.check.length !== check.length || derived.check.some((byte, i) => byte !== check[i])) throw new BackupError('WRONG_PASSPHRASE');
  let plaintext: ArrayBuffer;
  try {
    plaintext = await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: headerBytes(file) }, derived.key, ciphertext);
  } catch {
    throw new BackupError('TAMPERED');
  }
  return JSON.parse(new TextDecoder().decode(plaintext)) as T;
}
