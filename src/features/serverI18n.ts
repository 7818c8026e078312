// Words for failures of the screens that act on the server directly (serverRequest.ts errorKey), added to
// i18next with those lazy screens: kept out of the app shell's bundle (its 150 KB budget).
import { addLazyBundles } from '../i18n/lazyBundles';
import vi from './locales/vi.json';
import en from './locales/en.json';

addLazyBundles(vi, en);
