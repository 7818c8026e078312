// Who this phone is signed in as. Kept in IndexedDB (meta) rather than localStorage because the service
// worker, which has no localStorage, sends the outbox in the background with the same token.
import type { SessionUser } from './api';

export type Role = 'commune_admin' | 'village_head' | 'member';

export interface StoredSession {
  token: string;
  user: SessionUser;
  /** The server answered 401: the user must sign in again. Nothing unsent is touched meanwhile. */
  expired: boolean;
  /** Why the server refused the token (UNAUTHENTICATED, DEVICE_REVOKED…), to say so on screen. */
  expiredCode?: string;
  /** ISO time of the login. */
  loggedInAt: string;
  /** The commune's official name ("Phường Ba Đình"), which says what the screens call it; absent before it was kept. */
  communeName?: string | null;
}

/** Roles that review conflicts (the server checks the same on /api/conflicts). */
export function canReviewConflicts(role: Role | undefined): boolean {
  return role === 'village_head' || role === 'commune_admin';
}
