import { useTranslation } from 'react-i18next';
import { useVillageReadFailed } from '../db/villageData';
import { Banner } from '../ui/Banner';

/**
 * Says so when the phone cannot read the chosen village (villageLive.ts retries by itself). Without it a
 * failed read left the list empty or without its members and nothing told the member why, or warned
 * them off clearing the browser's data, which would lose what is not yet sent.
 */
export function VillageReadProblem() {
  const { t } = useTranslation();
  if (!useVillageReadFailed()) return null;
  return (
    <Banner
      tone="error"
      action={
        <button type="button" className="button button-primary" data-testid="village-read-reload" onClick={() => window.location.reload()}>
          {t('villages.reloadApp')}
        </button>
      }
    >
      {t('villages.readFailed')}
    </Banner>
  );
}
