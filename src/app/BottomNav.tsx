import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';

const ITEMS = [
  { href: '/', key: 'nav.households', icon: '🏠' },
  { href: '/follow-up', key: 'nav.followUp', icon: '📋' },
  { href: '/dashboard', key: 'nav.dashboard', icon: '📊' },
  { href: '/settings', key: 'nav.settings', icon: '⚙️' },
] as const;

/** Thumb-reachable navigation at the bottom of a small phone screen. */
export function BottomNav() {
  const { t } = useTranslation();
  const [location] = useLocation();
  return (
    <nav className="bottom-nav" aria-label={t('nav.label')}>
      {ITEMS.map((item) => {
        const active = item.href === '/' ? location === '/' || location.startsWith('/households') : location.startsWith(item.href);
        return (
          <Link key={item.href} href={item.href} className={`nav-item${active ? ' active' : ''}`} aria-current={active ? 'page' : undefined}>
            <span aria-hidden="true" className="nav-icon">
              {item.icon}
            </span>
            <span>{t(item.key)}</span>
          </Link>
        );
      })}
    </nav>
  );
}
