// The app lock's rules, without storage or UI: when to ask for the PIN, and what a wrong PIN does.
//  - asked after `idleMinutes` without a touch or key (default 5), and when the app returns after as long;
//  - MAX_PIN_FAILURES wrong PINs in a row lock the app until the member signs in online again (a newer
//    session than the lockout); unsent work is never touched by any of this.
import type { PinHash } from './pin';

export const DEFAULT_IDLE_MINUTES = 5;
export const MAX_PIN_FAILURES = 5;

export interface AppLockSettings {
  pin: PinHash | null;
  idleMinutes: number;
  failures: number;
  /** ISO time the app was locked out; cleared by an online sign-in after it. */
  lockedOutAt: string | null;
}

export const NO_LOCK: AppLockSettings = { pin: null, idleMinutes: DEFAULT_IDLE_MINUTES, failures: 0, lockedOutAt: null };

export function isIdleTooLong(settings: AppLockSettings, lastActivityMs: number, nowMs: number): boolean {
  return settings.pin !== null && nowMs - lastActivityMs >= settings.idleMinutes * 60_000;
}

export function afterWrongPin(settings: AppLockSettings, now: Date): AppLockSettings {
  const failures = settings.failures + 1;
  return { ...settings, failures, lockedOutAt: failures >= MAX_PIN_FAILURES ? now.toISOString() : settings.lockedOutAt };
}

export function afterRightPin(settings: AppLockSettings): AppLockSettings {
  return { ...settings, failures: 0 };
}

/** An online sign-in made after the lockout lifts it (and forgives the failures). */
export function afterSignIn(settings: AppLockSettings, signedInAt: string | null): AppLockSettings {
  if (!settings.lockedOutAt || !signedInAt || signedInAt <= settings.lockedOutAt) return settings;
  return { ...settings, failures: 0, lockedOutAt: null };
}
