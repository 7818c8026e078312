// The storage implementations every integration suite runs against (architecture.md practice 9): always
// in-memory PGlite; PostgreSQL too when TEST_DATABASE_URL is set, with a fresh database per test file.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Database } from '../../../src/server/db/database';
import { openPostgres } from '../../../src/server/db/postgres';
import { openMigratedPglite } from './pglite-template';

export interface Backend {
  name: 'pglite' | 'postgres';
  open(): Promise<Database>;
}

// From a migrated template (pglite-template.ts): initdb per test file would cost seconds each.
const pglite: Backend = { name: 'pglite', open: () => openMigratedPglite() };

function postgres(adminUrl: string): Backend {
  return {
    name: 'postgres',
    async open() {
      const name = `cds_test_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const db = openPostgres(url.toString(), { max: 4 });
      return {
        ...db,
        async close() {
          await db.close();
          const dropper = new pg.Client({ connectionString: adminUrl });
          await dropper.connect();
          await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          await dropper.end();
        },
      };
    },
  };
}

export const backends: Backend[] = process.env.TEST_DATABASE_URL ? [pglite, postgres(process.env.TEST_DATABASE_URL)] : [pglite];
