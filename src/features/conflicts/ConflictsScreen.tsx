// Conflict review for village heads and the commune office: two phones changed the same field while
// offline; the server kept the later one and asks a person to confirm. Needs the network (the list lives
// on the server); the decision is itself a change that reaches every phone with its next sync.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatSyncTime } from '../../app/syncTime';
import { db } from '../../db/appDb';
import { recordNames, useSession } from '../../db/syncQueries';
import { ApiFailure, type ConflictView } from '../../sync/api';
import { appSync } from '../../sync/appSync';
import { errorMessageKey } from '../../sync/errorCodes';
import { canReviewConflicts } from '../../sync/session';
import { Banner } from '../../ui/Banner';
import { fieldLabel, valueInWords } from '../sync/fieldWords';
import { sameValue } from '../../shared/sameValue';
import './conflictsI18n';

type Load = { kind: 'loading' } | { kind: 'offline' } | { kind: 'failed'; code: string } | { kind: 'ready'; conflicts: ConflictView[]; names: Map<string, string> };

/** Failures whose sync words are right here too: they say to sign in again. */
const SIGN_IN_CODES = new Set(['UNAUTHENTICATED', 'DEVICE_REVOKED', 'FORBIDDEN']);

/**
 * Whether this side's value is the one the field has now: from `currentValue` (a later change may have
 * replaced the value the server kept), else from which side the server kept.
 */
function inUse(conflict: ConflictView, side: { keep: 'server' | 'client' | 'current'; value: unknown }): boolean {
  if (!('currentValue' in conflict)) return conflict.kept === side.keep;
  return side.keep === 'current' || sameValue(side.value, conflict.currentValue);
}

export default function ConflictsScreen() {
  const { t, i18n } = useTranslation();
  const session = useSession(db);
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [notice, setNotice] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const [working, setWorking] = useState<string | null>(null);
  // This screen's own words first: a choice is not queued like a sync (no "sent automatically"), and the
  // sync's words speak of « Thử lại » and « Bỏ thay đổi này », which are not here.
  const screenMessage = useCallback(
    (code: string) => (i18n.exists(`conflicts.errors.${code}`) ? t(`conflicts.errors.${code}`) : t(errorMessageKey(code, (key) => i18n.exists(key)))),
    [t, i18n],
  );
  const allowed = session ? canReviewConflicts(session.user.role) : false;

  const reload = useCallback(async () => {
    if (!navigator.onLine) {
      setLoad({ kind: 'offline' });
      return;
    }
    setLoad({ kind: 'loading' });
    try {
      const { conflicts } = await (await appSync.load()).api.openConflicts();
      setLoad({ kind: 'ready', conflicts, names: await recordNames(db, conflicts) });
    } catch (error) {
      setLoad(error instanceof ApiFailure && error.code === 'NETWORK' ? { kind: 'offline' } : { kind: 'failed', code: error instanceof ApiFailure ? error.code : 'UNKNOWN' });
    }
  }, []);

  useEffect(() => {
    if (allowed) void reload();
  }, [allowed, reload]);

  const resolve = async (conflict: ConflictView, keep: 'server' | 'client' | 'current') => {
    setWorking(conflict.id);
    try {
      const runtime = await appSync.load();
      await runtime.api.resolveConflict(conflict.id, keep);
      setNotice({ tone: 'success', text: t('conflicts.resolved') });
      setLoad((current) => (current.kind === 'ready' ? { ...current, conflicts: current.conflicts.filter((c) => c.id !== conflict.id) } : current));
      // The decision is a new version on the server: bring it to this phone now.
      void runtime.syncNow();
    } catch (error) {
      const code = error instanceof ApiFailure ? error.code : 'UNKNOWN';
      setNotice({ tone: 'error', text: screenMessage(code) });
      if (code === 'CONFLICT_ALREADY_RESOLVED' || code === 'NOT_FOUND') void reload();
    } finally {
      setWorking(null);
    }
  };

  if (session === undefined) return null;
  return (
    <section className="screen" aria-labelledby="conflicts-title">
      <h1 id="conflicts-title">{t('conflicts.title')}</h1>
      {!allowed ? (
        <Banner tone="info">{t('conflicts.notAllowed')}</Banner>
      ) : (
        <>
          <p className="field-hint">{t('conflicts.explain')}</p>
          {notice && <Banner tone={notice.tone}>{notice.text}</Banner>}
          {load.kind === 'loading' && <p className="loading">{t('common.loading')}</p>}
          {load.kind === 'offline' && (
            <Banner tone="warning" action={<button type="button" className="button" onClick={() => void reload()}>{t('conflicts.reload')}</button>}>
              {t('conflicts.needsNetwork')}
            </Banner>
          )}
          {load.kind === 'failed' && (
            <Banner tone="error" action={<button type="button" className="button" onClick={() => void reload()}>{t('conflicts.reload')}</button>}>
              {t('conflicts.loadFailed')} {SIGN_IN_CODES.has(load.code) ? t(errorMessageKey(load.code, (key) => i18n.exists(key))) : t('conflicts.loadRetry')}
            </Banner>
          )}
          {load.kind === 'ready' && load.conflicts.length === 0 && <p data-testid="conflicts-empty">{t('conflicts.empty')}</p>}
          {load.kind === 'ready' && load.conflicts.length > 0 && (
            <ul className="parked-list" data-testid="conflict-list">
              {load.conflicts.map((conflict) => {
                const words = (value: unknown) => valueInWords(t, (key) => i18n.exists(key), conflict.field, value);
                const sides: { keep: 'server' | 'client' | 'current'; label: string; value: unknown; time?: string | null; by?: string | null }[] = [
                  { keep: 'server', label: t('conflicts.serverValue'), value: conflict.serverValue, time: conflict.serverClientTime, by: conflict.serverChangedBy },
                  { keep: 'client', label: t('conflicts.clientValue'), value: conflict.clientValue, time: conflict.clientClientTime, by: conflict.clientChangedBy },
                ];
                // Changed again since: keeping either side would undo that later change, so it is offered too.
                const changedSince = 'currentValue' in conflict && !sameValue(conflict.currentValue, conflict.serverValue) && !sameValue(conflict.currentValue, conflict.clientValue);
                if (changedSince) sides.push({ keep: 'current', label: t('conflicts.current'), value: conflict.currentValue });
                return (
                  <li key={conflict.id} className="conflict-card" data-testid="conflict">
                    <p>
                      <strong>{t('conflicts.record', { entity: t(`sync.entity.${conflict.entity}`), name: load.names.get(conflict.recordId) ?? t('conflicts.notOnPhone') })}</strong>
                    </p>
                    <p data-testid="conflict-field">{fieldLabel(t, conflict.entity, conflict.field)}</p>
                    <div className="conflict-values">
                      {sides.map((side) => (
                        <div key={side.keep} className="conflict-value">
                          {side.label}
                          {inUse(conflict, side) && <> · {t('conflicts.keptNow')}</>}
                          <strong data-testid={`conflict-${side.keep}`}>{words(side.value)}</strong>
                          {side.time && <span className="muted">{t('conflicts.changedAt', { time: formatSyncTime(side.time) })}</span>}
                          {side.by && (
                            <span className="muted" data-testid={`conflict-${side.keep}-by`}>
                              {t('conflicts.changedBy', { user: side.by })}
                            </span>
                          )}
                          <button
                            type="button"
                            className="button button-primary button-wide"
                            disabled={working !== null}
                            onClick={() => void resolve(conflict, side.keep)}
                            data-testid={`keep-${side.keep}`}
                          >
                            {t(side.keep === 'current' ? 'conflicts.keepCurrent' : 'conflicts.keep', { value: words(side.value) })}
                          </button>
                        </div>
                      ))}
                    </div>
                  </li>
                );
              })}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
