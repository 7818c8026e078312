// How the first administrator's generated password reaches the person who ran `npm start`. On a terminal
// it is printed once. When the output goes elsewhere (a systemd journal, Docker's log, a file that may be
// shipped off the machine) it is written instead to a file only the server's own account can read, and the
// output says where: a password in a log outlives its purpose.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { BootstrapResult } from './bootstrap';

/**
 * Where the password goes: beside the data folder, never in it (the embedded database's backups copy that
 * folder whole, and a copied backup would carry the password).
 */
export function firstPasswordFile(dataDir: string): string {
  return `${dataDir}-mat-khau-quan-tri-ban-dau.txt`;
}

/** The line to print about a newly created administrator; writes the password file when not on a terminal. */
export function firstAdminNotice(created: Extract<BootstrapResult, { created: true }>, output: { isTTY: boolean; file: string }): string {
  const account = `Đã tạo tài khoản quản trị xã "${created.username}"`;
  if (!created.passwordGenerated) return `${account}, mật khẩu: theo ADMIN_PASSWORD`;
  if (output.isTTY) return `${account}, mật khẩu (tự sinh, chỉ hiện một lần): ${created.password}`;
  mkdirSync(dirname(output.file), { recursive: true, mode: 0o700 });
  const file = output.file;
  writeFileSync(file, `${created.username}\n${created.password}\n`, { mode: 0o600 });
  return `${account}. Mật khẩu tự sinh được ghi vào ${file} (chỉ tài khoản chạy máy chủ đọc được): đọc, đăng nhập, đổi mật khẩu rồi xoá tệp.`;
}
