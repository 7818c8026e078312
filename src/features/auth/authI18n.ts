// The words of the sign-in screen's own failures, added to i18next when it loads (kept out of the app
// shell's bundle). A sign-in is not queued like a sync: its failures say to sign in again, never that the
// app will retry by itself.
import { addLazyBundles } from '../../i18n/lazyBundles';
import vi from './locales/vi.json';
import en from './locales/en.json';

addLazyBundles(vi, en);
