// The words of the conflict review screen, added to i18next when it loads: kept out of the app shell's
// bundle (its 150 KB budget). Its title and tab name stay in the shell, which links to it.
import { addLazyBundles } from '../../i18n/lazyBundles';
import vi from './locales/vi.json';
import en from './locales/en.json';

addLazyBundles(vi, en);
