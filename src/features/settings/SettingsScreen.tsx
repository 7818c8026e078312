// This phone: language, whether storage is protected from eviction, what is still unsent, demo data.
import { lazy, Suspense, useEffect, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { db } from '../../db/appDb';
import { useStoragePersistence } from '../../db/queries';
import { requestPersistentStorage, storageEstimate } from '../../db/storage';
import { changeLanguage, LANGUAGES, type Language } from '../../i18n';
import { formatNumberVi } from '../../shared/text';
import { Banner } from '../../ui/Banner';
import { AppVersion } from '../../app/AppVersion';
import { ChoiceButtons } from '../../ui/ChoiceButtons';
import { canOfferInstall, offerInstall, onInstallOfferChange } from '../../pwa/installOffer';
import { SyncSection } from '../sync/SyncSection';
// Backup (Web Crypto, file handling) loads with its section, not with the screen.
const BackupExportSection = lazy(() => import('../backup/BackupExportSection'));
const AppLockSettings = lazy(() => import('../lock/AppLockSettings'));

/**
 * Demo data is offered in development builds, or with ?demo in the address (for trials); ?demo=N adds a
 * village of N households (the benchmark's 50,000 people on one phone).
 */
const DEMO_PARAM = new URLSearchParams(window.location.search).get('demo');
const DEMO_ENABLED = import.meta.env.DEV || DEMO_PARAM !== null;
const DEMO_CUSTOM_SIZE = DEMO_PARAM && /^\d{1,6}$/.test(DEMO_PARAM) ? Number(DEMO_PARAM) : null;

export default function SettingsScreen() {
  const { t, i18n } = useTranslation();
  const persistence = useStoragePersistence(db);
  const installable = useSyncExternalStore(onInstallOfferChange, canOfferInstall);
  const [estimate, setEstimate] = useState<{ usage: number; quota: number } | null>(null);
  useEffect(() => {
    void storageEstimate().then(setEstimate);
  }, []);

  return (
    <section className="screen" aria-labelledby="settings-title">
      <h1 id="settings-title">{t('settings.title')}</h1>
      <ChoiceButtons<Language>
        label={t('settings.language')}
        value={i18n.language as Language}
        choices={LANGUAGES.map((language) => ({ value: language, label: t(`settings.languages.${language}`) }))}
        onChange={(language) => void changeLanguage(language)}
      />

      <h2>{t('settings.syncTitle')}</h2>
      <SyncSection />

      <h2>{t('settings.storageTitle')}</h2>
      <div data-testid="storage-persistence">
        {persistence === 'granted' && <Banner tone="success">{t('settings.persisted')}</Banner>}
        {persistence === 'denied' && (
          <Banner tone="warning" action={<button type="button" className="button" onClick={() => void requestPersistentStorage(db)}>{t('settings.askAgain')}</button>}>
            {t('settings.notPersisted')}
          </Banner>
        )}
        {(persistence === 'unsupported' || persistence === undefined) && <Banner tone="warning">{t('settings.persistUnsupported')}</Banner>}
        {/* Installed, the app is where the browser most readily keeps its storage: asked again after. */}
        {installable && (
          <button type="button" className="button button-primary button-wide" onClick={async () => {
              if (await offerInstall()) await requestPersistentStorage(db);
            }} data-testid="install-app">
            {t('settings.install')}
          </button>
        )}
      </div>
      {estimate && (
        <p className="muted">
          {t('settings.usage', { used: formatNumberVi(estimate.usage / 1e6, 1), quota: formatNumberVi(estimate.quota / 1e6, 0) })}
        </p>
      )}

      <h2>{t('lock.settingsTitle')}</h2>
      <Suspense fallback={null}>
        <AppLockSettings />
      </Suspense>

      <h2>{t('backup.title')}</h2>
      <Suspense fallback={null}>
        <BackupExportSection />
      </Suspense>

      <h2>{t('villages.title')}</h2>
      <Link href="/villages" className="button button-wide">{t('villages.switch')}</Link>

      {DEMO_ENABLED && <DemoData />}
      <AppVersion />
    </section>
  );
}

function DemoData() {
  const { t } = useTranslation();
  const [state, setState] = useState<'idle' | 'working' | { persons: number }>('idle');
  const seed = async (households: number) => {
    setState('working');
    // Loaded on demand: the generator is not part of any screen's code.
    const { seedDemoVillage } = await import('../../db/seedDemo');
    const result = await seedDemoVillage(db, households, Date.now() % 100000);
    setState({ persons: result.persons });
  };
  return (
    <>
      <h2>{t('demo.title')}</h2>
      <p className="field-hint">{t('demo.explain')}</p>
      <div className="row">
        <button type="button" className="button" disabled={state === 'working'} onClick={() => seed(300)} data-testid="demo-small">{t('demo.small')}</button>
        <button type="button" className="button" disabled={state === 'working'} onClick={() => seed(3000)}>{t('demo.large')}</button>
        {DEMO_CUSTOM_SIZE !== null && (
          <button type="button" className="button" disabled={state === 'working'} onClick={() => seed(DEMO_CUSTOM_SIZE)} data-testid="demo-custom">
            {t('demo.custom', { count: DEMO_CUSTOM_SIZE })}
          </button>
        )}
      </div>
      {state === 'working' && <p aria-live="polite">{t('demo.working')}</p>}
      {typeof state === 'object' && <Banner tone="success">{t('demo.done', { count: state.persons })}</Banner>}
    </>
  );
}
