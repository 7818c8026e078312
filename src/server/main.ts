// Entry point: `npm start` (src/server/start.mjs) runs this with tsx. Opens storage, migrates, creates the
// first administrator on an empty database, then listens.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildServer } from './app';
import { startBackupScheduler } from './backup/backup-scheduler';
import { serverPidFile } from './backup/restore-backup';
import { bootstrap, BootstrapError } from './bootstrap';
import { readConfig } from './config';
import { firstAdminNotice, firstPasswordFile } from './first-admin-notice';
import type { Database } from './db/database';
import { openPglite } from './db/pglite';
import { openPostgres } from './db/postgres';

async function openDatabase(config: ReturnType<typeof readConfig>): Promise<Database> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl);
  const dir = resolve(config.dataDir);
  mkdirSync(dir, { recursive: true });
  // Tells `npm run restore` that a server runs on this folder (removed at shutdown; a stale one is ignored).
  writeFileSync(serverPidFile(dir), String(process.pid));
  return openPglite(dir);
}

async function main(): Promise<void> {
  const config = readConfig(process.env);
  const db = await openDatabase(config);
  const app = await buildServer({ db, log: { level: process.env.LOG_LEVEL ?? 'info' }, trustProxy: config.trustProxy, tokenLifetimeMs: config.tokenLifetimeMs });
  try {
    const created = await bootstrap(db, { adminUsername: config.adminUsername, adminPassword: config.adminPassword, communeCode: config.communeCode });
    // To the console, never through the logger; and off a terminal, into a file only (first-admin-notice.ts).
    if (created.created) console.log(`\n${firstAdminNotice(created, { isTTY: process.stdout.isTTY === true, file: firstPasswordFile(resolve(config.dataDir)) })}\n`);
  } catch (error) {
    if (error instanceof BootstrapError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }

  // The embedded database backs itself up into BACKUP_DIR; PostgreSQL is the database server's to back up.
  const backups = db.kind === 'pglite' && config.backup ? startBackupScheduler(db, { ...config.backup, dir: resolve(config.backup.dir) }, () => new Date(), app.log) : null;

  const shutdown = async () => {
    await app.close();
    await backups?.stop();
    await db.close();
    if (db.kind === 'pglite') rmSync(serverPidFile(resolve(config.dataDir)), { force: true });
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);

  await app.listen({ port: config.port, host: config.host });
  app.log.info(`Công Dân Số: http://${config.host}:${config.port} (${db.kind})`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
