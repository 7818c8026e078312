// Words of the household form and visit log that only they show (confirmations, failures), added to
// i18next when those lazy screens load: kept out of the app shell's bundle (its 150 KB budget).
import { addLazyBundles } from '../../i18n/lazyBundles';
import vi from './locales/vi.json';
import en from './locales/en.json';

addLazyBundles(vi, en);
