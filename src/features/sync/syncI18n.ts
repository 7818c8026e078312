// Words that only the settings screen's sync section and the account panel show (refused changes,
// villages only on this phone, a refused sign-out), added to i18next when that lazy screen loads: kept out of the app shell's bundle (150 KB).
import { addLazyBundles } from '../../i18n/lazyBundles';
import vi from './locales/vi.json';
import en from './locales/en.json';

addLazyBundles(vi, en);
