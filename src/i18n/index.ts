// i18next with Vietnamese as the default language and English as the second. Every user-facing string
// goes through here; locales/vi.json is the reference and a unit test keeps en.json's keys identical.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import vi from './locales/vi.json';
import en from './locales/en.json';

export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const LANGUAGE_KEY = 'cds.language';

function savedLanguage(): Language {
  const saved = globalThis.localStorage?.getItem(LANGUAGE_KEY);
  return saved === 'en' ? 'en' : 'vi';
}

export function initI18n(language: Language = savedLanguage()) {
  void i18next.use(initReactI18next).init({
    resources: { vi: { translation: vi }, en: { translation: en } },
    lng: language,
    fallbackLng: 'vi',
    interpolation: { escapeValue: false },
    // Resources are bundled, so initialise synchronously: the first render already has its text.
    initAsync: false,
  });
  document.documentElement.lang = language;
  return i18next;
}

export async function changeLanguage(language: Language) {
  globalThis.localStorage?.setItem(LANGUAGE_KEY, language);
  document.documentElement.lang = language;
  await i18next.changeLanguage(language);
}

/** A zod issue message is an i18n key when it starts with "validation."; anything else is generic. */
export function validationMessageKey(message: string | undefined): string {
  return message?.startsWith('validation.') ? message : 'validation.invalid';
}
