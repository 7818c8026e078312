// The words of the commune dashboard, targets, trends and report screens, added to i18next when one of
// those lazy screens loads: kept out of the app shell's bundle (its 150 KB budget). tests/unit/i18n.test.ts
// checks these files like the main locale files.
import i18next from 'i18next';
import vi from './locales/vi.json';
import en from './locales/en.json';

function addBundles(): void {
  i18next.addResourceBundle('vi', 'translation', vi, true, false);
  i18next.addResourceBundle('en', 'translation', en, true, false);
}

// In the app i18next is set up before any lazy screen loads; a test may import a screen first.
if (i18next.isInitialized) addBundles();
else i18next.on('initialized', addBundles);
