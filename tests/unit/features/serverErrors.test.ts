// Screens that act on the server directly (targets, the office's screens, reports) queue nothing: when
// the server cannot be reached their message says the action was not done and to do it again, never the
// sync's "kept on the phone, sent automatically".
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { errorKey, ServerError } from '../../../src/features/serverRequest';
import en from '../../../src/features/locales/en.json';
import vi from '../../../src/features/locales/vi.json';

const messageOf = (locale: Record<string, unknown>, key: string) => key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], locale);

describe('errorKey for screens that act on the server directly', () => {
  it.each(['NETWORK', 'INTERNAL', 'SERVER_UNAVAILABLE', 'UNKNOWN'])('%s says it was not done and to do it again, in both languages', (code) => {
    const key = errorKey(new ServerError(code));
    expect(key).toBe(`onlineErrors.${code}`);
    expect(messageOf(vi, key)).toMatch(/chưa làm được/);
    expect(messageOf(en, key)).toMatch(/not done/);
    expect(messageOf(vi, key)).not.toMatch(/tự gửi|tự thử lại/);
  });

  it('a refusal keeps its own message; anything that is not a server answer is the generic one', () => {
    expect(errorKey(new ServerError('FORBIDDEN'))).toBe('errors.FORBIDDEN');
    expect(errorKey(new TypeError('boom'))).toBe('onlineErrors.UNKNOWN');
  });
});
