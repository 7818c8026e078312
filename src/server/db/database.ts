// The server's one seam to storage. Two implementations (embedded PGlite, PostgreSQL through a `pg` pool)
// speak the same SQL dialect — PGlite *is* PostgreSQL compiled to WASM — so every query is written once.

export interface Queryable {
  /** One statement with `$1…` parameters; returns the rows. */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /**
   * The whole database as one gzipped tar file (PGlite's data directory), consistent: taken between
   * transactions. Only the embedded database has it; PostgreSQL is backed up with pg_dump.
   */
  dump?(): Promise<Blob>;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The database drivers disagree on int8 (string vs number); every caller goes through this. */
export function toNumber(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}

/** Timestamps come back as Date from both drivers; the API speaks ISO strings. */
export function toIso(value: unknown): string {
  return (value instanceof Date ? value : new Date(String(value))).toISOString();
}
