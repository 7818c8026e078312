// The real commune server as a child process (src/server/main.ts through tsx), so it can be killed with
// SIGKILL like a commune PC losing power: no shutdown hook runs, PGlite's files or PostgreSQL's
// connections are cut wherever they are.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, type WriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const FAULT_ADMIN = { username: 'admin', password: 'mat-khau-quan-tri-1' };

/** A free loopback port: the system picks one, we release it and give it to the server. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface ServerStorage {
  /** PGlite's data directory, or undefined on PostgreSQL. */
  dataDir?: string;
  databaseUrl?: string;
}

export class ServerProcess {
  private child: ChildProcess | null = null;
  private readonly logFile: string;
  private log: WriteStream;
  /** How many times the process was killed with SIGKILL. */
  kills = 0;

  constructor(
    readonly port: number,
    readonly storage: ServerStorage,
    readonly workDir: string,
  ) {
    this.logFile = join(workDir, 'server.log');
    this.log = createWriteStream(this.logFile, { flags: 'a' });
  }

  static async create(storage: Omit<ServerStorage, 'dataDir'> = {}): Promise<ServerProcess> {
    const workDir = mkdtempSync(join(tmpdir(), 'cds-faults-'));
    const dataDir = storage.databaseUrl ? undefined : join(workDir, 'pgdata');
    return new ServerProcess(await freePort(), { ...storage, dataDir }, workDir);
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get logPath(): string {
    return this.logFile;
  }

  /** Starts the server and waits until /api/health answers. */
  async start(): Promise<void> {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(this.port),
      HOST: '127.0.0.1',
      ADMIN_USERNAME: FAULT_ADMIN.username,
      ADMIN_PASSWORD: FAULT_ADMIN.password,
      LOG_LEVEL: 'info',
      DATA_DIR: this.storage.dataDir ?? '',
      DATABASE_URL: this.storage.databaseUrl ?? '',
    };
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.pipe(this.log, { end: false });
    child.stderr?.pipe(this.log, { end: false });
    this.child = child;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}; see ${this.logFile}`);
      try {
        const response = await fetch(`${this.baseUrl}/api/health`);
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    throw new Error(`server did not answer within 60 s; see ${this.logFile}`);
  }

  /** SIGKILL: the process ends at once, mid-transaction or not. */
  async kill(): Promise<void> {
    await this.stopWith('SIGKILL');
    this.kills += 1;
  }

  /** SIGTERM: the server's own shutdown (closes the database cleanly). */
  stop(): Promise<void> {
    return this.stopWith('SIGTERM');
  }

  private async stopWith(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    await exited;
  }

  async dispose(): Promise<void> {
    await this.stop();
    this.log.end();
    rmSync(this.workDir, { recursive: true, force: true });
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
