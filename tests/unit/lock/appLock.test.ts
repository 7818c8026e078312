// The app lock: the PIN kept only as a salted PBKDF2 hash and checked offline; idle minutes; five wrong
// PINs lock the app until an online sign-in made after the lockout; the lockout ends the session's sync
// but deletes nothing.
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/db/database';
import { loadLock, loadSession, saveLock } from '../../../src/db/appLockStore';
import { createRepository } from '../../../src/db/repository';
import { afterRightPin, afterSignIn, afterWrongPin, isIdleTooLong, MAX_PIN_FAILURES, NO_LOCK, type AppLockSettings } from '../../../src/lock/lockState';
import { hashPin, verifyPin } from '../../../src/lock/pin';
import { memberDraft } from '../../fixtures/records';

describe('PIN hash', () => {
  it('keeps no PIN, only a salted hash; the right PIN verifies, others do not', async () => {
    const stored = await hashPin('2468');
    expect(JSON.stringify(stored)).not.toContain('2468');
    expect(stored.iterations).toBeGreaterThanOrEqual(100_000);
    expect(await verifyPin('2468', stored)).toBe(true);
    expect(await verifyPin('2469', stored)).toBe(false);
    expect(await verifyPin('', stored)).toBe(false);
    const again = await hashPin('2468');
    expect(again.salt).not.toBe(stored.salt); // same PIN, different hash on another phone
    expect(again.hash).not.toBe(stored.hash);
  });

  it('refuses PINs that are not 4–8 digits', async () => {
    await expect(hashPin('123')).rejects.toThrow('PIN_FORMAT');
    await expect(hashPin('12a4')).rejects.toThrow('PIN_FORMAT');
    await expect(hashPin('123456789')).rejects.toThrow('PIN_FORMAT');
  });
});

describe('lock rules', () => {
  const withPin: AppLockSettings = { ...NO_LOCK, pin: { salt: 's', hash: 'h', iterations: 1 } };

  it('asks for the PIN after the idle minutes (default 5), never without a PIN', () => {
    expect(NO_LOCK.idleMinutes).toBe(5);
    expect(isIdleTooLong(withPin, 0, 4 * 60_000 + 59_999)).toBe(false);
    expect(isIdleTooLong(withPin, 0, 5 * 60_000)).toBe(true);
    expect(isIdleTooLong({ ...withPin, idleMinutes: 1 }, 0, 60_000)).toBe(true);
    expect(isIdleTooLong(NO_LOCK, 0, 60 * 60_000)).toBe(false);
  });

  it(`${MAX_PIN_FAILURES} wrong PINs in a row lock out; a right PIN in between forgives`, () => {
    const now = new Date('2026-11-22T05:00:00Z');
    let state = withPin;
    for (let i = 0; i < MAX_PIN_FAILURES - 1; i += 1) state = afterWrongPin(state, now);
    expect(state.lockedOutAt).toBeNull();
    expect(afterRightPin(state).failures).toBe(0);
    state = afterWrongPin(state, now);
    expect(state.lockedOutAt).toBe(now.toISOString());
  });

  it('only a sign-in after the lockout lifts it', () => {
    const locked = { ...withPin, failures: 5, lockedOutAt: '2026-11-22T05:00:00.000Z' };
    expect(afterSignIn(locked, '2026-11-22T04:00:00.000Z')).toBe(locked);
    expect(afterSignIn(locked, null)).toBe(locked);
    expect(afterSignIn(locked, '2026-11-22T05:30:00.000Z')).toMatchObject({ failures: 0, lockedOutAt: null, pin: withPin.pin });
  });
});

describe('lock storage', () => {
  it('a lockout marks the session expired (no sync with that token) and keeps every unsent change', async () => {
    const db = openDatabase(`lock-${randomUUID()}`);
    const repository = createRepository(db, { now: () => new Date(), newId: randomUUID });
    await repository.saveHousehold({ villageId: 'v1', fields: { headName: 'Lầu Thị Dợ', address: 'Bản Giữa', business: 'none', acceptsCashless: false, consentGiven: false }, members: [memberDraft()] });
    const unsent = await db.outbox.count();
    await db.meta.put({ key: 'session', value: { token: 't', user: { id: 'u', username: 'm', role: 'member', communeId: 'c', villageIds: ['v1'] }, expired: false, loggedInAt: '2026-11-22T04:00:00.000Z' } });

    let state: AppLockSettings = { ...(await loadLock(db)), pin: await hashPin('1357') };
    await saveLock(db, state);
    for (let i = 0; i < MAX_PIN_FAILURES; i += 1) state = afterWrongPin(state, new Date('2026-11-22T05:00:00Z'));
    await saveLock(db, state);

    expect((await loadLock(db)).lockedOutAt).not.toBeNull();
    expect(await loadSession(db)).toMatchObject({ expired: true, expiredCode: 'APP_LOCKED' });
    expect(await db.outbox.count()).toBe(unsent);
    expect(await db.households.count()).toBe(1);
  });
});
