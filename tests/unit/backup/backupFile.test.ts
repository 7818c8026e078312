// The encrypted backup file: what goes in comes out with the right passphrase; a wrong passphrase, a
// changed byte anywhere (ciphertext or header) or a file of another kind is refused with its own code.
import { describe, expect, it } from 'vitest';
import { BackupError, decryptBackup, encryptBackup, MIN_PBKDF2_ITERATIONS, PBKDF2_ITERATIONS, type BackupFile } from '../../../src/backup/backupFile';

const CONTENT = { kind: 'unsent', mutations: [{ id: 'm1', fields: { fullName: 'Nguyễn Thị Hoà', phone: '0912345678' } }] };
const PASSPHRASE = 'trâu vàng 2026 ruộng bậc thang';

async function codeOf(work: Promise<unknown>): Promise<string> {
  try {
    await work;
    return 'no error';
  } catch (error) {
    return error instanceof BackupError ? error.code : String(error);
  }
}

describe('encrypted backup file', () => {
  it('round-trips with the passphrase, and reveals nothing without it', async () => {
    const text = await encryptBackup(CONTENT, PASSPHRASE);
    expect(text).not.toContain('Nguyễn');
    expect(text).not.toContain('0912345678');
    expect(text).not.toContain('unsent');
    const file = JSON.parse(text) as BackupFile;
    expect(file.kdf).toMatchObject({ name: 'PBKDF2', hash: 'SHA-256', iterations: PBKDF2_ITERATIONS });
    expect(file.kdf.iterations).toBeGreaterThanOrEqual(310_000);
    expect(await decryptBackup(text, PASSPHRASE)).toEqual(CONTENT);
  });

  it('uses a fresh salt and iv each time', async () => {
    const [a, b] = [JSON.parse(await encryptBackup(CONTENT, PASSPHRASE)) as BackupFile, JSON.parse(await encryptBackup(CONTENT, PASSPHRASE)) as BackupFile];
    expect(a.kdf.salt).not.toBe(b.kdf.salt);
    expect(a.cipher.iv).not.toBe(b.cipher.iv);
    expect(a.ciphertext).not.toBe(b.ciphertext);
  });

  it('a wrong passphrase is told as such', async () => {
    const text = await encryptBackup(CONTENT, PASSPHRASE);
    expect(await codeOf(decryptBackup(text, 'trâu vàng 2026 ruộng bậc thanh'))).toBe('WRONG_PASSPHRASE');
  });

  it('a changed byte of the ciphertext is refused as tampered', async () => {
    const file = JSON.parse(await encryptBackup(CONTENT, PASSPHRASE)) as BackupFile;
    const bytes = Uint8Array.from(atob(file.ciphertext), (c) => c.charCodeAt(0));
    bytes[3] ^= 0x01;
    const tampered = JSON.stringify({ ...file, ciphertext: btoa(String.fromCharCode(...bytes)) });
    expect(await codeOf(decryptBackup(tampered, PASSPHRASE))).toBe('TAMPERED');
  });

  it('a changed header is refused: a weaker work factor, another iv', async () => {
    const file = JSON.parse(await encryptBackup(CONTENT, PASSPHRASE)) as BackupFile;
    expect(await codeOf(decryptBackup(JSON.stringify({ ...file, kdf: { ...file.kdf, iterations: 1000 } }), PASSPHRASE))).toBe('TAMPERED');
    const iv = Uint8Array.from(atob(file.cipher.iv), (c) => c.charCodeAt(0));
    iv[0] ^= 0xff;
    expect(await codeOf(decryptBackup(JSON.stringify({ ...file, cipher: { ...file.cipher, iv: btoa(String.fromCharCode(...iv)) } }), PASSPHRASE))).toBe('TAMPERED');
  });

  it('other files are not backups; other versions are not supported; short passphrases are refused', async () => {
    expect(await codeOf(decryptBackup('họ và tên,năm sinh', PASSPHRASE))).toBe('NOT_A_BACKUP');
    expect(await codeOf(decryptBackup('{"format":"other"}', PASSPHRASE))).toBe('NOT_A_BACKUP');
    const file = JSON.parse(await encryptBackup(CONTENT, PASSPHRASE)) as BackupFile;
    expect(await codeOf(decryptBackup(JSON.stringify({ ...file, version: 2 }), PASSPHRASE))).toBe('UNSUPPORTED_VERSION');
    expect(await codeOf(encryptBackup(CONTENT, 'ngắn'))).toBe('PASSPHRASE_TOO_SHORT');
    expect(MIN_PBKDF2_ITERATIONS).toBeGreaterThanOrEqual(310_000);
  });
});
