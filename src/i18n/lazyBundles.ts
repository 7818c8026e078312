// Words of lazy screens are added to i18next when such a screen loads (features/*/…I18n.ts), so they stay
// out of the app shell's bundle (its 150 KB budget). tests/unit/i18n.test.ts checks those files like the
// main locale files.
import i18next from 'i18next';

type Bundle = Record<string, unknown>;

/** Adds the Vietnamese and English words, merged into what is there, now or once i18next is set up. */
export function addLazyBundles(vi: Bundle, en: Bundle): void {
  const add = () => {
    i18next.addResourceBundle('vi', 'translation', vi, true, false);
    i18next.addResourceBundle('en', 'translation', en, true, false);
  };
  // In the app i18next is set up before any lazy screen loads; a test may import a screen first.
  if (i18next.isInitialized) add();
  else i18next.on('initialized', add);
}
