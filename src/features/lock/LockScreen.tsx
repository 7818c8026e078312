// Over the whole app: set the PIN (first sign-in), enter it (after idle minutes), or — after too many
// wrong PINs — the way back: sign in online. Unsent work stays on the phone in every case.
import { useState, type CSSProperties, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { db } from '../../db/appDb';
import { saveLock } from '../../db/appLockStore';
import { afterRightPin, afterWrongPin, MAX_PIN_FAILURES, type AppLockSettings } from '../../lock/lockState';
import { hashPin, PIN_PATTERN, verifyPin } from '../../lock/pin';
import { Banner } from '../../ui/Banner';
import { TextField } from '../../ui/TextField';
import type { LockMode } from '../../app/AppLockGate';

// Inline (through the DOM, allowed by the CSP): the cover must not depend on a stylesheet loading.
const COVER: CSSProperties = { position: 'fixed', inset: 0, zIndex: 1000, background: 'var(--bg, #fff)', overflowY: 'auto', padding: '1.5rem 1rem' };

interface Props {
  mode: LockMode;
  settings: AppLockSettings;
  onDone: () => void;
}

export default function LockScreen({ mode, settings, onDone }: Props) {
  const { t } = useTranslation();
  const [pin, setPin] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The count of wrong PINs grows here, try after try (the gate's copy is only read again when done).
  const [current, setCurrent] = useState(settings);

  const setNewPin = async () => {
    if (!PIN_PATTERN.test(pin)) return setError(t('lock.pinFormat'));
    if (pin !== confirm) return setError(t('lock.pinMismatch'));
    await saveLock(db, { ...current, pin: await hashPin(pin), failures: 0 });
    onDone();
  };

  const unlock = async () => {
    if (current.pin && (await verifyPin(pin, current.pin))) {
      await saveLock(db, afterRightPin(current));
      return onDone();
    }
    const next = afterWrongPin(current, new Date());
    await saveLock(db, next);
    setCurrent(next);
    setPin('');
    if (next.lockedOutAt) return onDone();
    setError(t('lock.wrongPin', { left: MAX_PIN_FAILURES - next.failures }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await (mode === 'setPin' ? setNewPin() : unlock());
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={COVER} role="dialog" aria-modal="true" aria-labelledby="lock-title" data-testid={`lock-${mode}`}>
      <h1 id="lock-title">{t(`lock.${mode}Title`)}</h1>
      <p>{t(`lock.${mode}Explain`, { max: MAX_PIN_FAILURES })}</p>
      {mode === 'lockedOut' ? (
        <Link href="/login" className="button button-primary button-wide" data-testid="lock-sign-in">{t('lock.signIn')}</Link>
      ) : (
        <form className="form" onSubmit={submit}>
          <TextField label={t('lock.pin')} type="password" inputMode="numeric" autoComplete="off" value={pin} onChange={(e) => setPin(e.target.value.trim())} data-testid="lock-pin" autoFocus />
          {mode === 'setPin' && <TextField label={t('lock.pinAgain')} type="password" inputMode="numeric" autoComplete="off" value={confirm} onChange={(e) => setConfirm(e.target.value.trim())} data-testid="lock-pin-again" />}
          {error && <Banner tone="error">{error}</Banner>}
          <button type="submit" className="button button-primary button-wide" disabled={busy} data-testid="lock-submit">{t(mode === 'setPin' ? 'lock.save' : 'lock.unlock')}</button>
        </form>
      )}
    </div>
  );
}
