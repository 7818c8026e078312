// Where the child server keeps its data: PGlite in a temp directory always; a fresh PostgreSQL database
// too when TEST_DATABASE_URL is set (the same convention as tests/integration/helpers/backends.ts).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Database } from '../../../src/server/db/database';
import { openPglite } from '../../../src/server/db/pglite';
import { openPostgres } from '../../../src/server/db/postgres';
import type { ServerStorage } from './server-process';

export interface FaultBackend {
  name: 'pglite' | 'postgres';
  /** A fresh, empty database for one scenario; `drop` removes it afterwards. */
  create(): Promise<{ databaseUrl?: string; drop(): Promise<void> }>;
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const pglite: FaultBackend = { name: 'pglite', create: async () => ({ drop: async () => {} }) };

function postgres(adminUrl: string): FaultBackend {
  return {
    name: 'postgres',
    async create() {
      const name = `cds_faults_${randomBytes(6).toString('hex')}`;
      await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return { databaseUrl: url.toString(), drop: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
    },
  };
}

export const faultBackends: FaultBackend[] = process.env.TEST_DATABASE_URL ? [pglite, postgres(process.env.TEST_DATABASE_URL)] : [pglite];

/** Opens the stopped server's storage directly, to count rows with SQL. */
export async function openStorage(storage: ServerStorage): Promise<Database> {
  if (storage.databaseUrl) return openPostgres(storage.databaseUrl, { max: 1 });
  return openPglite(storage.dataDir);
}
