// How the first administrator's generated password reaches the person who ran `npm start`. On a terminal
// it is printed once. When the output goes elsewhere (a systemd journal, Docker's log, a file that may be
// shipped off the machine) it is written instead to a file only the server's own account can read, and the
// output says where: a password in a log outlives its purpose.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BootstrapResult } from './bootstrap';

export const FIRST_PASSWORD_FILE = 'mat-khau-quan-tri-ban-dau.txt';

/** The line to print about a newly created administrator; writes the password file when not on a terminal. */
export function firstAdminNotice(created: Extract<BootstrapResult, { created: true }>, output: { isTTY: boolean; dir: string }): string {
  const account = `Đã tạo tài khoản quản trị xã "${created.username}"`;
  if (!created.passwordGenerated) return `${account}, mật khẩu: theo ADMIN_PASSWORD`;
  if (output.isTTY) return `${account}, mật khẩu (tự sinh, chỉ hiện một lần): ${created.password}`;
  mkdirSync(output.dir, { recursive: true, mode: 0o700 });
  const file = join(output.dir, FIRST_PASSWORD_FILE);
  writeFileSync(file, `${created.username}\n${created.password}\n`, { mode: 0o600 });
  return `${account}. Mật khẩu tự sinh được ghi vào ${file} (chỉ tài khoản chạy máy chủ đọc được): đọc, đăng nhập, đổi mật khẩu rồi xoá tệp.`;
}
