// First start on an empty database, and choosing the commune later. [B1]–[B3] in docs/api.md.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildServer } from '../../src/server/app';
import { bootstrap, BootstrapError } from '../../src/server/bootstrap';
import { migrate } from '../../src/server/db/migrate';
import { backends } from './helpers/backends';

describe.each(backends)('first start on $name', (backend) => {
  it('[M1][B1] migrations run once; an empty database gets an administrator with a generated password, once; [B3][AD4] the commune is picked later, once', async () => {
    const db = await backend.open();
    const app = await buildServer({ db, distDir: '/nonexistent-dist' });
    try {
      // [M1] buildServer ran every dated migration once; running them again does nothing.
      const files = readdirSync(fileURLToPath(new URL('../../src/server/db/migrations/', import.meta.url))).filter((name) => name.endsWith('.sql')).sort();
      expect(files[0]).toBe('2026-11-22-initial.sql');
      expect(files.every((name) => /^\d{4}-\d{2}-\d{2}-[a-z0-9-]+\.sql$/.test(name))).toBe(true);
      expect((await db.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name')).map((row) => row.name)).toEqual(files);
      expect(await migrate(db)).toEqual([]);

      const first = await bootstrap(db, {});
      if (!first.created) throw new Error('expected an administrator to be created');
      expect(first).toMatchObject({ username: 'admin', passwordGenerated: true });
      expect(first.password.length).toBeGreaterThanOrEqual(16);
      expect(await bootstrap(db, {})).toEqual({ created: false });

      const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: first.password } });
      expect(login.statusCode).toBe(200);
      const token = login.json().token;
      const auth = { authorization: `Bearer ${token}` };
      expect((await app.inject({ method: 'GET', url: '/api/me', headers: auth })).json().commune).toMatchObject({ code: null, name: null });
      // The server works before the commune is chosen.
      expect((await app.inject({ method: 'POST', url: '/api/admin/villages', headers: auth, payload: { name: 'Thôn 1' } })).statusCode).toBe(201);

      const unknown = await app.inject({ method: 'PUT', url: '/api/admin/commune', headers: auth, payload: { code: '99999' } });
      expect([unknown.statusCode, unknown.json().error.code]).toEqual([400, 'COMMUNE_CODE_UNKNOWN']);
      const chosen = await app.inject({ method: 'PUT', url: '/api/admin/commune', headers: auth, payload: { code: '23500' } });
      expect(chosen.json()).toMatchObject({ code: '23500', name: 'Xã Đăk Hà' });
      const changed = await app.inject({ method: 'PUT', url: '/api/admin/commune', headers: auth, payload: { code: '01879' } });
      expect([changed.statusCode, changed.json().error.code]).toEqual([409, 'COMMUNE_ALREADY_SET']);
    } finally {
      await app.close();
      await db.close();
    }
  });

  it('[B2] ADMIN_USERNAME/ADMIN_PASSWORD and COMMUNE_CODE are used when given; an unknown code stops the start', async () => {
    const db = await backend.open();
    const app = await buildServer({ db, distDir: '/nonexistent-dist' });
    try {
      await expect(bootstrap(db, { communeCode: '00000' })).rejects.toBeInstanceOf(BootstrapError);
      const result = await bootstrap(db, { adminUsername: 'vanhoa', adminPassword: 'mat-khau-rieng-1', communeCode: '25231' });
      expect(result).toMatchObject({ created: true, username: 'vanhoa', passwordGenerated: false });
      const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'vanhoa', password: 'mat-khau-rieng-1' } });
      const me = await app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${login.json().token}` } });
      expect(me.json()).toMatchObject({ user: { role: 'commune_admin' }, commune: { code: '25231', name: 'Xã Đa Kia' } });
      // [A2] Stored as scrypt with the production cost (N = 2^15, r = 8, p = 1), never the password itself.
      const [{ password_hash }] = await db.query<{ password_hash: string }>(`SELECT password_hash FROM users WHERE username = 'vanhoa'`);
      expect(password_hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
      expect(password_hash).not.toContain('mat-khau-rieng-1');
    } finally {
      await app.close();
      await db.close();
    }
  });
});
