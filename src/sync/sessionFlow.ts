// Signing in and out. Both steps are built around one promise to the team: work that is not on the
// server yet is never thrown away — not by a logout, not by handing the phone to another account.
import { ApiFailure, type ApiClient, type ServerVillage } from './api';
import type { StoredSession } from './session';

export interface SessionStorePort {
  getSession(): Promise<StoredSession | null>;
  /** `otherAccount`: the phone's last account was another one (its app lock is gone). */
  startSession(session: StoredSession): Promise<{ otherAccount: boolean }>;
  replaceVillages(villages: readonly ServerVillage[]): Promise<void>;
  unsentCount(): Promise<number>;
  /** A recovery after a restore of the server under way: work that no outbox entry shows yet. */
  recoveringFromRestore(): Promise<boolean>;
  endSession(): Promise<SignOutResult>;
}

export interface SessionDeps {
  api: Pick<ApiClient, 'login' | 'logout' | 'me'>;
  store: SessionStorePort;
  clock: () => Date;
  /**
   * The sync lock ('cds-sync', shared with the service worker's runs): the account's data is replaced or
   * removed only while no run is storing pages of the account before.
   */
  withLock?: <T>(work: () => Promise<T>) => Promise<T>;
}

export type SignInResult =
  /** `otherAccount`: the phone was last used by another account (the caller drops that one's form drafts). */
  | { ok: true; session: StoredSession; villages: ServerVillage[]; otherAccount: boolean }
  /** Another account's changes are still on this phone: they must be sent by that account first. */
  | { ok: false; reason: 'unsent-other-user'; unsent: number; username: string }
  | { ok: false; reason: 'failed'; code: ApiFailure['code'] };

export async function signIn(deps: SessionDeps, input: { username: string; password: string; deviceName?: string }): Promise<SignInResult> {
  const previous = await deps.store.getSession();
  // A recovery after a restore of the server holds the last account's work too (counted as one).
  const unsent = Math.max(await deps.store.unsentCount(), (await deps.store.recoveringFromRestore()) ? 1 : 0);
  const otherUser = (userId: string | null, username: string) =>
    previous !== null && unsent > 0 && (userId ? previous.user.id !== userId : previous.user.username.toLowerCase() !== username.trim().toLowerCase());
  // Checked before asking the server too, so a wrong account is told at once, even offline.
  if (otherUser(null, input.username)) return { ok: false, reason: 'unsent-other-user', unsent, username: previous!.user.username };
  let issued: string | null = null;
  try {
    const { token, user } = await deps.api.login(input);
    issued = token;
    if (otherUser(user.id, user.username)) {
      await revokeQuietly(deps, token);
      return { ok: false, reason: 'unsent-other-user', unsent, username: previous!.user.username };
    }
    // The villages first, with the new token: a sign-in that fails here stores nothing, rather than a
    // session for the new account beside the villages of the one before.
    const me = await deps.api.me(token);
    const session: StoredSession = { token, user, expired: false, loggedInAt: deps.clock().toISOString(), communeName: me.commune?.name ?? null };
    issued = null; // stored from here on: the session holds it (and its next sync reports a problem)
    const { otherAccount } = await underSyncLock(deps)(async () => {
      const started = await deps.store.startSession(session);
      await deps.store.replaceVillages(me.villages);
      return started;
    });
    return { ok: true, session: { ...session, user: { ...user, villageIds: me.villages.map((v) => v.id) } }, villages: me.villages, otherAccount };
  } catch (error) {
    // A token issued for a sign-in that did not complete is not left valid on the server.
    if (issued) await revokeQuietly(deps, issued).catch(() => {});
    if (error instanceof ApiFailure) return { ok: false, reason: 'failed', code: error.code };
    throw error;
  }
}

/** `recovering`: refused because the phone is still sending back what a restore of the server lost. */
export type SignOutResult = { ok: true } | { ok: false; unsent: number; recovering?: true };

/**
 * Refused while anything is unsent (pending or parked). Otherwise the account's data leaves the phone,
 * then its token is revoked on the server when it can be reached (offline, the office can revoke the
 * device later).
 *
 * Under the sync lock (`withLock`): a sync run still pulling would otherwise write the account's records
 * after they were removed (sign-in replaces the villages under it too). The data goes first because
 * endSession re-checks for unsent work inside its transaction: a save made meanwhile keeps the session,
 * which must then still have a valid token.
 */
export async function signOut(deps: SessionDeps): Promise<SignOutResult> {
  const { ended, token } = await underSyncLock(deps)(async () => {
    const unsent = await deps.store.unsentCount();
    const recovering = await deps.store.recoveringFromRestore();
    if (unsent > 0 || recovering) return { ended: { ok: false as const, unsent, ...(recovering ? { recovering: true as const } : {}) }, token: null };
    const session = await deps.store.getSession();
    return { ended: await deps.store.endSession(), token: session?.token ?? null };
  });
  // After the lock: on a hanging link this request must not hold up every sync behind it.
  if (ended.ok && token) await revokeQuietly(deps, token);
  return ended;
}

/** The sync lock when there is one (none in tests without Web Locks): the work runs at once otherwise. */
function underSyncLock(deps: SessionDeps): <T>(work: () => Promise<T>) => Promise<T> {
  return deps.withLock ?? ((work) => work());
}

/** Revokes a token on the server when it can be reached (offline, the office can revoke the device). */
async function revokeQuietly(deps: SessionDeps, token: string): Promise<void> {
  try {
    await deps.api.logout(token);
  } catch (error) {
    if (!(error instanceof ApiFailure)) throw error;
  }
}
