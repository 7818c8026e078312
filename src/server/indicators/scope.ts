// Whose figures a caller may see: the whole commune for a commune_admin, the assigned villages for
// everyone else, or one of those villages when asked for. Identity comes from the token (AuthContext).
import type { Village } from '../../shared/types';
import type { AuthContext } from '../auth/roles';
import { villagesOf } from '../auth/users';
import type { Queryable } from '../db/database';
import { AppError } from '../http/app-error';

export type ScopeKind = 'commune' | 'villages' | 'village';

export interface IndicatorScope {
  kind: ScopeKind;
  /** Ordered by name, as villagesOf orders them. */
  villages: Village[];
}

export async function resolveScope(q: Queryable, auth: AuthContext, villageId?: string): Promise<IndicatorScope> {
  const villages = await villagesOf(q, { id: auth.userId, role: auth.role, communeId: auth.communeId });
  if (villageId !== undefined) {
    const village = villages.find((v) => v.id === villageId);
    // Another commune's village and an unknown id get the same answer: nothing about it is revealed.
    if (!village) throw new AppError('FORBIDDEN_VILLAGE', { villageId: 'forbidden' });
    return { kind: 'village', villages: [village] };
  }
  return { kind: auth.role === 'commune_admin' ? 'commune' : 'villages', villages };
}
