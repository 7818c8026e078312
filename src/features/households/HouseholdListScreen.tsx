// The home screen: the chosen village's households, searchable without accents, with filters for the
// next round of visits. Part of the app shell, so it must stay light (no zod, no forms).
import { useRememberedState } from '../../app/rememberedState';
import { startTransition, useDeferredValue, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { useVillageDataSoFar } from '../../db/villageData';
import { todayInVietnam } from '../../shared/dates';
import { householdsWithDrafts } from './draftStore';
import { buildHouseholdRows, filterHouseholdRows, HOUSEHOLD_FILTERS, type HouseholdFilter } from './householdRows';

/** Rendering thousands of rows at once would make a cheap phone stutter; show a page and "more". */
const PAGE_SIZE = 100;
/**
 * The first render with the village's data shows only the rows that fill a phone's screen; the rest of
 * the page follows at once in a transition (which yields to taps and typing), so a slow phone shows the
 * list without first building a hundred rows nobody sees yet.
 */
const FIRST_ROWS = 20;
type BadgeKey = 'households.members' | 'households.badges.notVisited' | 'households.badges.lacking' | 'households.badges.noConsent' | 'households.badges.unsaved';

/** `villageId`: the search, filter and paging are kept for it while another screen is open (Back returns to them). */
export function HouseholdListScreen({ villageId }: { villageId?: string }) {
  const { t } = useTranslation();
  // The households' names show as soon as they are read; badges, member names in search and the
  // filters wait for the members (data.complete).
  const data = useVillageDataSoFar();
  const complete = data?.complete ?? false;
  const remember = (what: string) => (villageId ? `households.${what}.${villageId}` : null);
  const [query, setQuery] = useRememberedState(remember('query'), '');
  const [filter, setFilter] = useRememberedState<HouseholdFilter>(remember('filter'), 'all');
  const [shown, setShown] = useRememberedState(remember('shown'), PAGE_SIZE);
  const [firstRowsOnly, setFirstRowsOnly] = useState(true);
  // Typing stays instant: React filters with the deferred value while the input keeps the fresh one.
  const deferredQuery = useDeferredValue(query);

  const rows = useMemo(() => (data ? buildHouseholdRows(data, todayInVietnam()) : []), [data]);
  // A form left with edits keeps them as a draft, which the list's badges and figures do not count yet:
  // the row says so, so nobody takes the household for done. Read again whenever the village changes
  // (a save clears its draft and changes the data).
  const unsaved = useMemo(() => (data ? householdsWithDrafts() : new Set<string>()), [data]);
  const visible = useMemo(() => filterHouseholdRows(rows, deferredQuery, complete ? filter : 'all'), [rows, deferredQuery, filter, complete]);
  useEffect(() => {
    if (complete && firstRowsOnly) startTransition(() => setFirstRowsOnly(false));
  }, [complete, firstRowsOnly]);
  // One i18next lookup per distinct badge text instead of three or four per row: a page of 100 rows made
  // ~300 lookups (plural rules, interpolation), a third of the list's render time on a slow phone.
  const badge = useMemo(() => {
    const texts = new Map<string, string>();
    return (key: BadgeKey, count?: number): string => {
      const id = `${key}:${count ?? ''}`;
      let text = texts.get(id);
      if (text === undefined) texts.set(id, (text = count === undefined ? t(key) : t(key, { count })));
      return text;
    };
  }, [t]);

  return (
    <section className="screen" aria-labelledby="households-title">
      <div className="screen-head">
        <h1 id="households-title">{t('households.title')}</h1>
        <Link href="/households/new" className="button button-primary" data-testid="add-household">
          {t('households.add')}
        </Link>
      </div>
      <input
        type="search"
        className="input search"
        placeholder={t('households.searchPlaceholder')}
        aria-label={t('households.searchLabel')}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setShown(PAGE_SIZE);
        }}
      />
      <div className="chips" role="group" aria-label={t('households.filterLabel')}>
        {HOUSEHOLD_FILTERS.map((key) => (
          <button
            key={key}
            type="button"
            className={`chip${filter === key ? ' selected' : ''}`}
            aria-pressed={filter === key}
            onClick={() => setFilter(key)}
          >
            {t(`households.filters.${key}`)}
          </button>
        ))}
      </div>
      {data && (
        // data-query: the query these results are for (the list lags the input under useDeferredValue).
        <p className="count" aria-live="polite" data-testid="household-count" data-query={deferredQuery}>
          {t('households.count', { shown: visible.length, total: rows.length })}
        </p>
      )}
      {data && !complete && <p className="muted" role="status">{t('households.readingMembers')}</p>}
      {data && rows.length === 0 && <p className="empty">{t('households.empty')}</p>}
      <ul className="list" data-testid="household-list" aria-busy={!complete}>
        {visible.slice(0, firstRowsOnly ? Math.min(shown, FIRST_ROWS) : shown).map((row) => (
          <li key={row.household.id}>
            <Link href={`/households/${row.household.id}`} className="list-item">
              <span className="list-title">{row.household.headName}</span>
              <span className="list-sub">{row.household.address}</span>
              <span className="badges">
                {unsaved.has(row.household.id) && <span className="badge badge-warn">{badge('households.badges.unsaved')}</span>}
                {complete && (
                  <>
                    <span className="badge">{badge('households.members', row.memberCount)}</span>
                    {!row.visited && <span className="badge badge-warn">{badge('households.badges.notVisited')}</span>}
                    {row.membersLackingPillar > 0 && <span className="badge badge-gap">{badge('households.badges.lacking', row.membersLackingPillar)}</span>}
                    {!row.household.consentGiven && <span className="badge badge-warn">{badge('households.badges.noConsent')}</span>}
                  </>
                )}
              </span>
            </Link>
          </li>
        ))}
      </ul>
      {visible.length > shown && (
        <button type="button" className="button button-wide" onClick={() => setShown(shown + PAGE_SIZE)}>
          {t('households.showMore', { count: visible.length - shown })}
        </button>
      )}
    </section>
  );
}
