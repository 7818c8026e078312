// Who is signed in, and signing out or switching user — refused while anything is unsent, with the count;
// unsaved forms (drafts) are named first and leave with the account's data only when the user says so.
// The refusals' words are in the lazy sync bundle: this panel shows only in Settings and at sign-in.
import { forgetRemembered } from '../../app/rememberedState';
import '../sync/syncI18n';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'wouter';
import type { StoredSession } from '../../sync/session';
import { appSync } from '../../sync/appSync';
import { Banner } from '../../ui/Banner';
import { clearAllDrafts, unsavedHouseholdCount } from '../households/draftStore';

type Outcome = null | { refused: number; recovering?: true } | { drafts: number; thenLogin: boolean } | 'signed-out';

export function AccountPanel({ session }: { session: StoredSession }) {
  const { t } = useTranslation();
  const [, navigate] = useLocation();
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [working, setWorking] = useState(false);

  const leave = async (thenLogin: boolean, discardDrafts = false) => {
    // Forms typed and not saved are not in the outbox: the user is asked before they are dropped.
    const drafts = unsavedHouseholdCount();
    if (drafts > 0 && !discardDrafts) {
      setOutcome({ drafts, thenLogin });
      return;
    }
    setWorking(true);
    try {
      const result = await (await appSync.load()).signOut();
      if (!result.ok) {
        setOutcome({ refused: result.unsent, ...(result.recovering ? { recovering: true as const } : {}) });
        return;
      }
      clearAllDrafts();
      // What the screens kept of this user's work (a search may be a resident's name) is not shown to the next.
      forgetRemembered('');
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
      {outcome !== null && outcome !== 'signed-out' && 'refused' in outcome && (
        <Banner tone="warning">
          <span data-testid="logout-refused">{t(outcome.recovering ? 'auth.logoutRecovering' : 'auth.logoutRefused', { count: outcome.refused })}</span>
        </Banner>
      )}
      {outcome !== null && outcome !== 'signed-out' && 'drafts' in outcome && (
        <Banner
          tone="warning"
          action={
            <button type="button" className="button button-danger" disabled={working} onClick={() => void leave(outcome.thenLogin, true)} data-testid="logout-discard-drafts">
              {t('auth.logoutDiscardDrafts')}
            </button>
          }
        >
          <span data-testid="logout-drafts">{t('auth.draftsWaiting', { count: outcome.drafts })}</span>
        </Banner>
      )}
      {outcome === 'signed-out' && <Banner tone="success">{t('auth.loggedOut')}</Banner>}
    </div>
  );
}
