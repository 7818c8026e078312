import { useTranslation } from 'react-i18next';
import { formatDateVi, todayInVietnam } from '../shared/dates';

declare const __APP_VERSION__: string;
declare const __APP_BUILT_AT__: string;

/** Which build this phone runs: what a commune officer asks first when something looks wrong. */
export function AppVersion() {
  const { t } = useTranslation();
  const builtAt = new Date(__APP_BUILT_AT__);
  const time = builtAt.toLocaleTimeString('vi-VN', { hour: '2-digit', minute: '2-digit', second: '2-digit', timeZone: 'Asia/Ho_Chi_Minh' });
  return (
    <p className="muted" data-testid="app-version" data-built-at={__APP_BUILT_AT__}>
      {t('settings.version', { version: __APP_VERSION__, date: formatDateVi(todayInVietnam(builtAt)), time })}
    </p>
  );
}
