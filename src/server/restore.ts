// `npm run restore -- <backup file>`: brings a backup of the embedded database back (backup/restore-backup.ts).
// `npm run restore -- --mark-restored`: after restoring PostgreSQL with its own tools (DATABASE_URL set).
// Run with the server stopped. Messages are for the commune office's computer, in Vietnamese.
import { resolve } from 'node:path';
import { readConfig } from './config';
import { openPostgres } from './db/postgres';
import { markDatabaseRestored, RestoreError, restoreFromBackup } from './backup/restore-backup';

async function serverAnswers(port: number): Promise<boolean> {
  try {
    const answer = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(1500) });
    return answer.ok;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const config = readConfig(process.env);
  const argument = process.argv[2];
  if (!argument) throw new RestoreError('Cách dùng: npm run restore -- <tệp sao lưu .tar.gz>   (hoặc: npm run restore -- --mark-restored với PostgreSQL)');
  if (await serverAnswers(config.port)) throw new RestoreError(`Máy chủ đang chạy (cổng ${config.port}). Dừng máy chủ trước (Ctrl+C trong cửa sổ của nó), rồi chạy lại lệnh này.`);

  if (config.databaseUrl) {
    if (argument !== '--mark-restored') {
      throw new RestoreError('Đang dùng PostgreSQL (DATABASE_URL): khôi phục bằng pg_restore hoặc psql, rồi chạy: npm run restore -- --mark-restored');
    }
    const db = openPostgres(config.databaseUrl);
    try {
      await markDatabaseRestored(db, new Date());
    } finally {
      await db.close();
    }
    console.log('Đã ghi nhận cơ sở dữ liệu vừa được khôi phục. Khi đồng bộ, các điện thoại sẽ tải lại dữ liệu từ đầu.');
    return;
  }
  if (argument === '--mark-restored') throw new RestoreError('--mark-restored chỉ dùng với PostgreSQL (DATABASE_URL). Với cơ sở dữ liệu nhúng, chỉ cần đưa tệp sao lưu: npm run restore -- <tệp>');

  const summary = await restoreFromBackup({ file: resolve(argument), dataDir: resolve(config.dataDir), now: new Date() });
  console.log(`Đã khôi phục: ${summary.households} hộ, ${summary.persons} người, ${summary.visits} lần thăm.`);
  if (summary.movedAside) console.log(`Dữ liệu đang dùng trước đó được giữ lại ở: ${summary.movedAside}`);
  console.log('Khởi động lại máy chủ (npm start). Khi đồng bộ, các điện thoại sẽ tải lại dữ liệu từ đầu; những gì chưa gửi trên điện thoại vẫn được gửi lên.');
}

main().catch((error) => {
  console.error(error instanceof RestoreError ? error.message : error);
  process.exit(1);
});
