// One error catalogue → one i18n key: every code the server can send and every code only the phone
// sees has a message in both languages, and an unknown code falls back to a message too.
import { describe, expect, it } from 'vitest';
import { ERROR_STATUS } from '../../../src/shared/errors';
import { CLIENT_ERROR_CODES, errorMessageKey } from '../../../src/sync/errorCodes';
import vi from '../../../src/i18n/locales/vi.json';
import en from '../../../src/i18n/locales/en.json';

const codes = [...Object.keys(ERROR_STATUS), ...CLIENT_ERROR_CODES];

describe('error messages', () => {
  it.each([['vi', vi.errors], ['en', en.errors]] as const)('%s has a message for every code', (_language, messages) => {
    const missing = codes.filter((code) => !(messages as Record<string, string>)[code]?.trim());
    expect(missing).toEqual([]);
  });

  it('maps a code to its key, and an unknown or missing code to errors.UNKNOWN', () => {
    const known = (key: string) => key.slice('errors.'.length) in vi.errors;
    expect(errorMessageKey('RECORD_DELETED', known)).toBe('errors.RECORD_DELETED');
    expect(errorMessageKey('SOMETHING_NEW_FROM_A_LATER_SERVER', known)).toBe('errors.UNKNOWN');
    expect(errorMessageKey(null, known)).toBe('errors.UNKNOWN');
  });
});
