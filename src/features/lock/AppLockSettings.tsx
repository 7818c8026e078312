// Settings → "Khoá ứng dụng": how many idle minutes before the PIN is asked, and changing the PIN (the
// lock screen then asks for a new one).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { db } from '../../db/appDb';
import { loadLock, saveLock } from '../../db/appLockStore';
import type { AppLockSettings as Settings } from '../../lock/lockState';
import { Banner } from '../../ui/Banner';
import { ChoiceButtons } from '../../ui/ChoiceButtons';

/** As strings: the choice buttons take string values. */
const IDLE_CHOICES = ['1', '5', '10', '30'];

export default function AppLockSettings() {
  const { t } = useTranslation();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [changed, setChanged] = useState(false);
  useEffect(() => {
    void loadLock(db).then(setSettings);
  }, []);
  if (!settings) return null;
  const update = async (next: Settings) => {
    await saveLock(db, next);
    setSettings(next);
  };
  return (
    <div data-testid="app-lock-settings">
      <ChoiceButtons<string>
        label={t('lock.idleMinutes')}
        value={String(settings.idleMinutes)}
        choices={IDLE_CHOICES.map((minutes) => ({ value: minutes, label: t('lock.minutes', { count: Number(minutes) }) }))}
        onChange={(minutes) => void update({ ...settings, idleMinutes: Number(minutes) })}
      />
      {settings.pin && (
        <button type="button" className="button button-wide" data-testid="lock-change-pin" onClick={() => void update({ ...settings, pin: null }).then(() => setChanged(true))}>
          {t('lock.changePin')}
        </button>
      )}
      {changed && <Banner tone="info">{t('lock.changed')}</Banner>}
    </div>
  );
}
