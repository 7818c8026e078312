// The generated password of the first administrator: printed on a terminal; off a terminal (a journal,
// Docker's log) only written to a file the server's account alone can read, and the output says where.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { firstAdminNotice, firstPasswordFile } from '../../../src/server/first-admin-notice';

const created = { created: true as const, communeId: 'c1', username: 'admin', password: 'Xk3-generated-pw', passwordGenerated: true };
const dirs: string[] = [];
const scratch = () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'cds-notice-')), 'data');
  dirs.push(dir);
  return dir;
};
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(join(dir, '..'), { recursive: true, force: true })));

describe('the first administrator\'s password', () => {
  it('is printed on a terminal', () => {
    expect(firstAdminNotice(created, { isTTY: true, file: firstPasswordFile(scratch()) })).toContain('Xk3-generated-pw');
  });

  it('off a terminal goes only into a file readable by the server\'s account, outside the data folder (backups copy it); the line names the file', () => {
    const dir = scratch();
    const file = firstPasswordFile(dir);
    expect(file.startsWith(`${dir}/`)).toBe(false);
    const line = firstAdminNotice(created, { isTTY: false, file });
    expect(line).toContain(file);
    expect(readFileSync(file, 'utf8')).toBe('admin\nXk3-generated-pw\n');
    expect(statSync(file).mode & 0o077).toBe(0);
  });

  it('a password given in ADMIN_PASSWORD is never repeated', () => {
    const line = firstAdminNotice({ ...created, password: 'given-by-env', passwordGenerated: false }, { isTTY: false, file: firstPasswordFile(scratch()) });
    expect(line).not.toContain('given-by-env');
    expect(line).toContain('ADMIN_PASSWORD');
  });
});
