// Settings from the environment, read once at start (docs/api.md lists them).
export interface ServerConfig {
  port: number;
  /** 127.0.0.1 by default; 0.0.0.0 only behind a reverse proxy that serves HTTPS to the LAN. */
  host: string;
  databaseUrl?: string;
  dataDir: string;
  adminUsername?: string;
  adminPassword?: string;
  communeCode?: string;
  /** Which reverse proxy to believe for X-Forwarded-For/-Proto: "true" (any) or comma-separated addresses/CIDRs. */
  trustProxy: boolean | string[];
  /** TOKEN_TTL_DAYS: how long a login stays valid; undefined = the default (365 days). */
  tokenLifetimeMs?: number;
  /** Automatic backups of the embedded database (backup/backups.ts); null when BACKUP_EVERY_HOURS=0. */
  backup: { dir: string; everyMs: number; keep: number } | null;
}

/** A whole number from the environment within [min, max], or the default; anything else stops the start. */
function parseWholeNumber(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) throw new Error(`${name} không hợp lệ: ${value} (một số nguyên từ ${min} đến ${max})`);
  return number;
}

function parseBackup(env: NodeJS.ProcessEnv): ServerConfig['backup'] {
  const hours = parseWholeNumber('BACKUP_EVERY_HOURS', env.BACKUP_EVERY_HOURS, 24, 0, 24 * 30);
  if (hours === 0) return null;
  return { dir: env.BACKUP_DIR || './backups', everyMs: hours * 60 * 60 * 1000, keep: parseWholeNumber('BACKUP_KEEP', env.BACKUP_KEEP, 14, 1, 1000) };
}

function parseTrustProxy(value: string | undefined): ServerConfig['trustProxy'] {
  if (!value || value === 'false') return false;
  if (value === 'true') return true;
  return value.split(',').map((part) => part.trim()).filter(Boolean);
}

function parseTokenTtl(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const days = Number(value);
  if (!Number.isFinite(days) || days <= 0 || days > 3650) throw new Error(`TOKEN_TTL_DAYS không hợp lệ: ${value}`);
  return days * 24 * 60 * 60 * 1000;
}

export function readConfig(env: NodeJS.ProcessEnv): ServerConfig {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT không hợp lệ: ${env.PORT}`);
  return {
    port,
    host: env.HOST || '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.DATA_DIR || './data',
    adminUsername: env.ADMIN_USERNAME || undefined,
    adminPassword: env.ADMIN_PASSWORD || undefined,
    communeCode: env.COMMUNE_CODE || undefined,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    tokenLifetimeMs: parseTokenTtl(env.TOKEN_TTL_DAYS),
    backup: parseBackup(env),
  };
}
