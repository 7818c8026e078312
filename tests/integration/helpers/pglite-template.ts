// Starting PGlite from scratch runs initdb: ~2.5 s on an idle machine, 15 s on a loaded one, for every
// test file. Instead the first file migrates one database and dumps it to node_modules/.cache; the others
// load that dump. The file name carries a hash of the migrations, so a new migration makes a new template.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { Database } from '../../../src/server/db/database';
import { migrate } from '../../../src/server/db/migrate';
import { openPglite, pgliteDatabase } from '../../../src/server/db/pglite';

const MIGRATIONS = fileURLToPath(new URL('../../../src/server/db/migrations/', import.meta.url));
const CACHE = fileURLToPath(new URL('../../../node_modules/.cache/cong-dan-so/', import.meta.url));

function templatePath(): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(MIGRATIONS).filter((file) => file.endsWith('.sql')).sort()) {
    hash.update(name).update(readFileSync(join(MIGRATIONS, name)));
  }
  return join(CACHE, `pglite-template-${hash.digest('hex').slice(0, 16)}.tar`);
}

async function buildTemplate(path: string): Promise<void> {
  const pglite = await PGlite.create();
  await migrate(pgliteDatabase(pglite));
  const dump = Buffer.from(await (await pglite.dumpDataDir('none')).arrayBuffer());
  await pglite.close();
  mkdirSync(CACHE, { recursive: true });
  // Two test files may build it at once: write aside, then rename (atomic within one file system).
  const temporary = `${path}.${randomBytes(4).toString('hex')}`;
  writeFileSync(temporary, dump);
  renameSync(temporary, path);
}

/** A fresh in-memory database with every migration applied. */
export async function openMigratedPglite(): Promise<Database> {
  const path = templatePath();
  if (!existsSync(path)) await buildTemplate(path);
  return openPglite(undefined, { loadDataDir: new Blob([readFileSync(path)]) });
}

/** The same, in a data directory on disk (what `npm start` runs): for backups and restores. */
export async function openMigratedPgliteIn(dataDir: string): Promise<Database> {
  const path = templatePath();
  if (!existsSync(path)) await buildTemplate(path);
  return openPglite(dataDir, { loadDataDir: new Blob([readFileSync(path)]) });
}
