export const ROLES = ['commune_admin', 'village_head', 'member'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: resolved from the bearer token on every request, never from request fields. */
export interface AuthContext {
  userId: string;
  username: string;
  role: Role;
  communeId: string;
  /** The villages this user may read and write: all of the commune for a commune_admin. */
  villageIds: string[];
  /** The `devices` row of the token used (logout revokes it). */
  sessionId: string;
}

/** Roles that review conflicts and see a village's whole picture. */
export const REVIEWER_ROLES: readonly Role[] = ['commune_admin', 'village_head'];
