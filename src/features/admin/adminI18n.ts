// The words of the administration, history and personal-data screens, added to i18next when one of those
// lazy screens loads: kept out of the app shell's bundle (its 150 KB budget), which every member's phone
// loads.
import { addLazyBundles } from '../../i18n/lazyBundles';
import vi from './locales/vi.json';
import en from './locales/en.json';

addLazyBundles(vi, en);
