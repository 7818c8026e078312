// PostgreSQL error codes the server reacts to (the same from pg and PGlite: both surface SQLSTATE as .code).
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}
