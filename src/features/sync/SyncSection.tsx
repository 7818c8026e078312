// The settings screen's sync section: the account, "Đồng bộ ngay", the last sync, and every change the
// server refused, each with its reason and two ways out (retry, or discard after confirmation).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { formatSyncTime } from '../../app/syncTime';
import { useSyncStatus } from '../../app/useSyncStatus';
import { db } from '../../db/appDb';
import { useOutboxCounts, useVillages } from '../../db/queries';
import { useLastSyncAt, useLocalOnlyVillages, useParkedChanges, useSession, type ParkedChange } from '../../db/syncQueries';
import { appSync } from '../../sync/appSync';
import { errorMessageKey } from '../../sync/errorCodes';
import { canReviewConflicts } from '../../sync/session';
import { Banner } from '../../ui/Banner';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { AccountPanel } from '../auth/AccountPanel';
import { draftKey, moveDraft } from '../households/draftStore';
import { fieldLabel } from './fieldWords';
import './syncI18n';

export function SyncSection() {
  const { t, i18n } = useTranslation();
  const session = useSession(db);
  const counts = useOutboxCounts(db);
  const lastSyncAt = useLastSyncAt(db);
  const status = useSyncStatus();
  const parked = useParkedChanges(db) ?? [];
  const localOnly = (useLocalOnlyVillages(db, session?.user.villageIds) ?? []).filter((v) => v.unsent > 0);
  const busy = status.phase === 'pushing' || status.phase === 'pulling';
  const errorCode = session?.expired ? (session.expiredCode ?? 'UNAUTHENTICATED') : status.phase === 'error' || status.phase === 'offline' ? status.errorCode : null;

  return (
    <div data-testid="sync-section">
      {counts && <p data-testid="settings-unsent">{t('sync.unsentCount', { count: counts.pending })}</p>}
      {session === null && (
        <Banner tone="info" action={<Link href="/login" className="button button-primary">{t('sync.signIn')}</Link>}>
          <strong>{t('sync.notSignedIn')}.</strong> {t('sync.notConnected')}
        </Banner>
      )}
      {session?.expired && (
        <Banner tone="warning" action={<Link href="/login" className="button button-primary">{t('sync.signIn')}</Link>}>
          {t('auth.expired', { username: session.user.username })}
        </Banner>
      )}
      {session && !session.expired && (
        <>
          <AccountPanel session={session} />
          <button type="button" className="button button-primary button-wide" disabled={busy} onClick={() => void appSync.syncNow()} data-testid="sync-now">
            {busy && <span className="spinner" aria-hidden="true" />}
            {status.phase === 'pushing' ? t('sync.pushing', { sent: status.sent, total: status.toSend }) : status.phase === 'pulling' ? t('sync.pulling', { count: status.received }) : t('sync.syncNow')}
          </button>
          <p className="muted" data-testid="settings-last-sync">
            {lastSyncAt ? t('sync.lastSync', { time: formatSyncTime(lastSyncAt) }) : t('sync.neverSynced')}
          </p>
          {errorCode && (
            <Banner tone="warning">
              {t(errorMessageKey(errorCode, (key) => i18n.exists(key)))}
              {status.retryAt && !session.expired && <> {t('sync.retryAt', { time: formatSyncTime(status.retryAt) })}</>}
            </Banner>
          )}
          {status.conflicts > 0 && <Banner tone="info">{t('sync.conflicts', { count: status.conflicts })}</Banner>}
          {canReviewConflicts(session.user.role) && (
            <Link href="/conflicts" className="button button-wide" data-testid="open-conflicts">
              {t('conflicts.title')}
            </Link>
          )}
        </>
      )}

      {parked.length > 0 && (
        <>
          <h3>{t('sync.parkedTitle')}</h3>
          <ul className="parked-list" data-testid="parked-list">
            {parked.map((change) => (
              <ParkedItem key={change.seq} change={change} />
            ))}
          </ul>
        </>
      )}

      {session && localOnly.length > 0 && (
        <>
          <h3>{t('sync.localOnlyTitle')}</h3>
          {localOnly.map((village) =>
            village.madeHere ? (
              <Banner key={village.id} tone="warning" action={<MoveLocalVillage from={village} into={session.user.villageIds} />}>
                {t('sync.localOnly', { name: village.name, count: village.unsent })}
              </Banner>
            ) : (
              <Banner key={village.id} tone="warning">
                {t('sync.notAssigned', { name: village.name, count: village.unsent })}
              </Banner>
            ),
          )}
        </>
      )}
    </div>
  );
}

/** A village made on this phone: its work moves into one of the account's villages, and is then sent. */
function MoveLocalVillage({ from, into }: { from: { id: string; name: string }; into: readonly string[] }) {
  const { t } = useTranslation();
  const villages = (useVillages(db) ?? []).filter((v) => into.includes(v.id));
  const [chosen, setChosen] = useState('');
  const target = villages.find((v) => v.id === chosen) ?? villages[0];
  if (!target) return null;
  return (
    <div>
      <label className="field">
        <span className="field-label">{t('sync.moveInto')}</span>
        <select className="input" value={target.id} onChange={(event) => setChosen(event.target.value)} data-testid="move-village-target">
          {villages.map((v) => (
            <option key={v.id} value={v.id}>
              {v.name}
            </option>
          ))}
        </select>
      </label>
      <ConfirmButton
        label={t('sync.moveButton')}
        warning={t('sync.moveWarning', { from: from.name, to: target.name })}
        confirmLabel={t('sync.moveYes')}
        onConfirm={async () => {
          await (await appSync.load()).moveLocalVillage(from.id, target.id);
          // A new household half-typed in the moved village follows it.
          moveDraft(draftKey('household', `new.${from.id}`), draftKey('household', `new.${target.id}`));
        }}
        testId="move-village"
      />
    </div>
  );
}

function ParkedItem({ change }: { change: ParkedChange }) {
  const { t, i18n } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const name = change.name || t('sync.unnamed');
  const fields = change.fields.map((field) => fieldLabel(t, change.entity, field)).join(', ');
  return (
    <li className="parked-item" data-testid="parked-item">
      <p>
        <strong>
          {t(`sync.entity.${change.entity}`)}: {name}
        </strong>{' '}
        ({t(`sync.op.${change.op}`)}
        {fields && `: ${fields}`})
      </p>
      <p className="field-error">{t(errorMessageKey(change.error.code, (key) => i18n.exists(key)))}</p>
      {confirming ? (
        <Banner
          tone="warning"
          action={
            <div className="row">
              <button type="button" className="button button-danger" onClick={() => void appSync.load().then((runtime) => runtime.discardParked(change.seq))} data-testid="discard-confirm">
                {t('sync.discardYes')}
              </button>
              <button type="button" className="button" onClick={() => setConfirming(false)}>
                {t('common.cancel')}
              </button>
            </div>
          }
        >
          {t(change.creates ? 'sync.discardCreationConfirm' : 'sync.discardConfirm', { name })}
        </Banner>
      ) : (
        <div className="row">
          <button type="button" className="button button-primary" onClick={() => void appSync.load().then((runtime) => runtime.retryParked(change.seq))} data-testid="parked-retry">
            {t('sync.retry')}
          </button>
          <button type="button" className="button" onClick={() => setConfirming(true)} data-testid="parked-discard">
            {t('sync.discard')}
          </button>
          {change.householdId && change.name && (
            <Link href={`/households/${change.householdId}`} className="button">
              {t('sync.openHousehold')}
            </Link>
          )}
        </div>
      )}
    </li>
  );
}
