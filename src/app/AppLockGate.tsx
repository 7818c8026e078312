// The app lock in the shell: watches for idleness and shows the (lazy) lock screen over the app. Kept
// tiny: the PIN hashing and the screens load only when needed.
import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { useLocation } from 'wouter';
import { db } from '../db/appDb';
import { loadLock, loadSession, saveLock, useStoredLock } from '../db/appLockStore';
import { afterSignIn, isIdleTooLong, type AppLockSettings } from '../lock/lockState';

const LockScreen = lazy(() => import('../features/lock/LockScreen'));
const CHECK_EVERY_MS = 10_000;

export type LockMode = 'setPin' | 'unlock' | 'lockedOut';

export function AppLockGate() {
  const [location] = useLocation();
  const [settings, setSettings] = useState<AppLockSettings | null>(null);
  const [signedIn, setSignedIn] = useState(false);
  const [idleLocked, setIdleLocked] = useState(false);
  const lastActivity = useRef(Date.now());

  const refresh = useCallback(async () => {
    const [stored, session] = await Promise.all([loadLock(db), loadSession(db)]);
    const current = afterSignIn(stored, session && !session.expired ? session.loggedInAt : null);
    if (current !== stored) await saveLock(db, current);
    setSignedIn(session !== null);
    setSettings(current);
  }, []);

  // Read again on every navigation (signing in takes effect at once) and whenever the stored lock
  // changes: « Đổi mã PIN » in Settings asks for the new PIN now, not at the next screen. Before, an idle
  // lock meanwhile unlocked with the old PIN held here, and its unlock wrote that PIN back.
  const storedLock = useStoredLock(db);
  useEffect(() => {
    void refresh();
  }, [location, storedLock, refresh]);

  useEffect(() => {
    const touch = () => {
      lastActivity.current = Date.now();
    };
    const check = () => {
      if (settings && isIdleTooLong(settings, lastActivity.current, Date.now())) setIdleLocked(true);
    };
    const onVisible = () => document.visibilityState === 'visible' && check();
    window.addEventListener('pointerdown', touch, { passive: true });
    window.addEventListener('keydown', touch);
    document.addEventListener('visibilitychange', onVisible);
    const timer = setInterval(check, CHECK_EVERY_MS);
    return () => {
      window.removeEventListener('pointerdown', touch);
      window.removeEventListener('keydown', touch);
      document.removeEventListener('visibilitychange', onVisible);
      clearInterval(timer);
    };
  }, [settings]);

  if (!settings) return null;
  const mode: LockMode | null = settings.lockedOutAt ? 'lockedOut' : idleLocked && settings.pin ? 'unlock' : signedIn && !settings.pin ? 'setPin' : null;
  // Signing in is how a lockout ends, and the first PIN is asked after the first download.
  if (!mode || location === '/login') return null;
  const done = () => {
    lastActivity.current = Date.now();
    setIdleLocked(false);
    void refresh();
  };
  return (
    <Suspense fallback={<div style={{ position: 'fixed', inset: 0, zIndex: 1000, background: '#fff' }} />}>
      <LockScreen mode={mode} settings={settings} onDone={done} />
    </Suspense>
  );
}
