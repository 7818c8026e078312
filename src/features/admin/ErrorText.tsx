// A server failure in words: its key (serverRequest.ts errorKey) when the app knows the code, the generic
// message otherwise.
import { useTranslation } from 'react-i18next';
import { Banner } from '../../ui/Banner';

export function ErrorText({ errorKey }: { errorKey: string | null }) {
  const { t, i18n } = useTranslation();
  if (!errorKey) return null;
  return <Banner tone="error">{t(i18n.exists(errorKey) ? errorKey : 'onlineErrors.UNKNOWN')}</Banner>;
}
