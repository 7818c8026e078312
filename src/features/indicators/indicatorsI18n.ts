// The words of the commune dashboard, targets, trends and report screens, added to i18next when one of
// those lazy screens loads: kept out of the app shell's bundle (its 150 KB budget).
import { addLazyBundles } from '../../i18n/lazyBundles';
import vi from './locales/vi.json';
import en from './locales/en.json';

addLazyBundles(vi, en);
