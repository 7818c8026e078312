import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { db } from '../db/appDb';
import { useSession } from '../db/syncQueries';
import { canReviewConflicts } from '../sync/session';
import { forgetRemembered } from './rememberedState';

/** A tab tapped opens its screen afresh; Back from a household returns to it as it was (rememberedState.ts). */
const REMEMBERED_BY_TAB: Record<string, string> = { '/': 'households.', '/follow-up': 'followUp.' };

// Inline SVG icons: they draw the same on every phone (emoji fonts differ or are missing).
const ICONS = {
  households: 'M3 11 12 4l9 7v9a1 1 0 0 1-1 1h-5v-6H9v6H4a1 1 0 0 1-1-1z',
  followUp: 'M9 4h6v2H9zM6 5h2v2h8V5h2a1 1 0 0 1 1 1v14a1 1 0 0 1-1 1H6a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1zm2 6v2h8v-2zm0 4v2h5v-2z',
  dashboard: 'M4 20V10h4v10zm6 0V4h4v16zm6 0v-7h4v7z',
  // A pair of scales: two values weighed by the village head.
  review: 'M11 3h2v2h6.5l3 8a4.5 4.5 0 0 1-9 0l2.6-6H13v12h4v2H7v-2h4V7H7.9l2.6 6a4.5 4.5 0 0 1-9 0l3-8H11zM3.5 13h5L6 6.8zm12 0h5L18 6.8z',
  // A key: the commune office's administration.
  admin: 'M8 3a5 5 0 0 1 4.9 6H22v4h-2v3h-3v-3h-4.1A5 5 0 1 1 8 3zm0 3a2 2 0 1 0 0 4 2 2 0 0 0 0-4z',
  settings: 'M12 8a4 4 0 1 1 0 8 4 4 0 0 1 0-8zm-1-6h2l.5 3 2 .9 2.5-1.8 1.4 1.4-1.8 2.5.9 2 3 .5v2l-3 .5-.9 2 1.8 2.5-1.4 1.4-2.5-1.8-2 .9-.5 3h-2l-.5-3-2-.9-2.5 1.8-1.4-1.4 1.8-2.5-.9-2-3-.5v-2l3-.5.9-2-1.8-2.5 1.4-1.4 2.5 1.8 2-.9z',
} as const;

const ITEMS = [
  { href: '/', key: 'nav.households', icon: ICONS.households },
  { href: '/follow-up', key: 'nav.followUp', icon: ICONS.followUp },
  { href: '/dashboard', key: 'nav.dashboard', icon: ICONS.dashboard },
  { href: '/settings', key: 'nav.settings', icon: ICONS.settings },
] as const;
const COMMUNE_ITEM = { href: '/commune', key: 'nav.dashboard', icon: ICONS.dashboard } as const;
/** Only for village heads and the commune office, who review overlapping changes. */
const REVIEW_ITEM = { href: '/conflicts', key: 'conflicts.nav', icon: ICONS.review } as const;
/** Only for the commune office (the server refuses everyone else anyway). */
const ADMIN_ITEM = { href: '/admin', key: 'nav.admin', icon: ICONS.admin } as const;

/** Thumb-reachable navigation at the bottom of a small phone screen. */
export function BottomNav() {
  const { t } = useTranslation();
  const [location] = useLocation();
  const session = useSession(db);
  // The commune office's "figures" tab is the commune dashboard (every village side by side).
  const base = session?.user.role === 'commune_admin' ? ITEMS.map((item) => (item.href === '/dashboard' ? COMMUNE_ITEM : item)) : ITEMS;
  const reviewed = canReviewConflicts(session?.user.role) ? [...base.slice(0, 3), REVIEW_ITEM, base[3]] : base;
  const items = session?.user.role === 'commune_admin' ? [...reviewed.slice(0, -1), ADMIN_ITEM, ...reviewed.slice(-1)] : reviewed;
  return (
    <nav className="bottom-nav" aria-label={t('nav.label')} style={{ gridTemplateColumns: `repeat(${items.length}, 1fr)` }}>
      {items.map((item) => {
        const active = item.href === '/' ? location === '/' || location.startsWith('/households') : location.startsWith(item.href);
        return (
          <Link
            key={item.href}
            href={item.href}
            className={`nav-item${active ? ' active' : ''}`}
            aria-current={active ? 'page' : undefined}
            onClick={() => {
              // On the screen already, it stays as it is (and remembered): only another screen's tap opens it afresh.
              const prefix = REMEMBERED_BY_TAB[item.href];
              if (prefix && location !== item.href) forgetRemembered(prefix);
            }}
          >
            <svg className="nav-icon" viewBox="0 0 24 24" width="26" height="26" aria-hidden="true" fill="currentColor" fillRule="evenodd">
              <path d={item.icon} />
            </svg>
            <span>{t(item.key)}</span>
          </Link>
        );
      })}
    </nav>
  );
}
