// Who is signed in, and signing out or switching user — refused while anything is unsent, with the count.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'wouter';
import type { StoredSession } from '../../sync/session';
import { appSync } from '../../sync/appSync';
import { Banner } from '../../ui/Banner';

type Outcome = null | { refused: number } | 'signed-out';

export function AccountPanel({ session }: { session: StoredSession }) {
  const { t } = useTranslation();
  const [, navigate] = useLocation();
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [working, setWorking] = useState(false);

  const leave = async (thenLogin: boolean) => {
    setWorking(true);
    try {
      const result = await (await appSync.load()).signOut();
      if (!result.ok) {
        setOutcome({ refused: result.unsent });
        return;
      }
      setOutcome('signed-out');
      if (thenLogin) navigate('/login');
    } finally {
      setWorking(false);
    }
  };

  return (
    <div className="account" data-testid="account-panel">
      <p>{t('auth.signedInAs', { username: session.user.username, role: t(`auth.role.${session.user.role}`) })}</p>
      <div className="row">
        <button type="button" className="button" disabled={working} onClick={() => void leave(false)} data-testid="logout">
          {t('auth.logout')}
        </button>
        <button type="button" className="button" disabled={working} onClick={() => void leave(true)}>
          {t('auth.switchUser')}
        </button>
      </div>
      {outcome !== null && outcome !== 'signed-out' && (
        <Banner tone="warning">
          <span data-testid="logout-refused">{t('auth.logoutRefused', { count: outcome.refused })}</span>
        </Banner>
      )}
      {outcome === 'signed-out' && <Banner tone="success">{t('auth.loggedOut')}</Banner>}
    </div>
  );
}
