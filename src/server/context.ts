// What every route and sync module gets from buildServer: storage, the clock and per-server state.
// Passed explicitly (no module-level state), so each test builds a fully independent server.
import type { Database } from './db/database';
import type { FailureRateLimiter } from './auth/rate-limiter';
import type { PasswordHasher } from './auth/passwords';

export interface ServerContext {
  db: Database;
  /** The server clock. Injected so tests control time (token expiry, rate-limit windows). */
  now: () => Date;
  loginLimiter: FailureRateLimiter;
  /** How long a login's token is valid (TOKEN_TTL_DAYS). */
  tokenLifetimeMs?: number;
  passwords: PasswordHasher;
}
