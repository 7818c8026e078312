import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { onUpdateAvailable } from '../pwa/registerServiceWorker';
import { Banner } from '../ui/Banner';

/** "A new version is ready": the user chooses when to reload; typed drafts survive the reload. */
export function UpdatePrompt() {
  const { t } = useTranslation();
  const [update, setUpdate] = useState<(() => void) | null>(null);
  useEffect(() => onUpdateAvailable((next) => setUpdate(() => next)), []);
  if (!update) return null;
  return (
    <Banner
      tone="info"
      action={
        <button type="button" className="button button-primary" onClick={update}>
          {t('update.reload')}
        </button>
      }
    >
      {t('update.available')}
    </Banner>
  );
}
