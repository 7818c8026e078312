-- Issues 4 and 7: the indicators read small running totals instead of scanning every person.
--
-- Counting 50,000 people row by row took ~70 ms on PostgreSQL (goal 50 ms), and a province of 3 million
-- people would take seconds. Two tables, kept up to date by statement-level triggers in the same
-- transaction as every write (push, conflict review, import, erase, and any write path added later):
--
--   indicator_cohorts     per village and year of birth: how many counted persons, and how many of them
--                         achieve each person indicator. Ages depend on the report date, so the year of
--                         birth is kept; the reader adds up the years old enough and corrects the one
--                         boundary year per age threshold from the persons themselves (a few per cent of
--                         them, through persons_birth_date_idx). See src/server/indicators/count-sql.ts.
--   indicator_households  per household: counted and cashless members, business, whether it is live
--                         (registered and not deleted), and its first visit (a visit counts once it is on
--                         or before the report date).
--
-- domain.md's definitions are restated here in SQL once (the achieved conditions below); the integration
-- test tests/integration/indicators-agreement.test.ts pins the result to src/shared/indicators.ts after
-- creations, edits, moves between households, deletions and erasure.
-- Both are derived from persons, households and visits, whose own keys hold the references: no foreign
-- keys here, so a push pays no extra checks per total.
-- Named to sort after the other 2026-11-22 files (the migrator runs files in name order).

CREATE TABLE indicator_cohorts (
  village_id             text NOT NULL,
  commune_id             text NOT NULL,
  -- The year of the birth date when there is one, else the recorded year of birth (as dates.ts ageAt).
  birth_year             integer NOT NULL,
  persons                integer NOT NULL DEFAULT 0,
  vneid_level2           integer NOT NULL DEFAULT 0,
  digital_signature      integer NOT NULL DEFAULT 0,
  health_book            integer NOT NULL DEFAULT 0,
  payment_account        integer NOT NULL DEFAULT 0,
  smartphone             integer NOT NULL DEFAULT 0,
  digital_skills         integer NOT NULL DEFAULT 0,
  online_public_services integer NOT NULL DEFAULT 0,
  digital_citizen        integer NOT NULL DEFAULT 0,
  PRIMARY KEY (village_id, birth_year)
);
CREATE INDEX indicator_cohorts_commune_idx ON indicator_cohorts (commune_id);

CREATE TABLE indicator_households (
  household_id     text PRIMARY KEY,
  village_id       text NOT NULL,
  commune_id       text NOT NULL,
  -- The household row exists and is not deleted (persons and visits may be written first).
  live             boolean NOT NULL DEFAULT false,
  counted_members  integer NOT NULL DEFAULT 0,
  cashless_members integer NOT NULL DEFAULT 0,
  business         boolean NOT NULL DEFAULT false,
  accepts_cashless boolean NOT NULL DEFAULT false,
  first_visit      date
);
CREATE INDEX indicator_households_commune_idx ON indicator_households (commune_id, village_id);

-- The boundary years of the age thresholds are read from persons by birth date.
CREATE INDEX persons_birth_date_idx ON persons (commune_id, birth_date) WHERE birth_date IS NOT NULL;

-- The changed rows of one statement with a sign: +1 for the new state, -1 for the old one. Transition
-- tables exist only for the event of their trigger, so the trigger functions build this text per event
-- and run the aggregation with EXECUTE (which sees them too).
CREATE FUNCTION indicator_changed_rows(op text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE op
    WHEN 'INSERT' THEN 'SELECT 1 AS sign, r.* FROM new_rows r'
    WHEN 'DELETE' THEN 'SELECT -1 AS sign, r.* FROM old_rows r'
    ELSE 'SELECT 1 AS sign, r.* FROM new_rows r UNION ALL SELECT -1 AS sign, r.* FROM old_rows r'
  END
$$;

CREATE FUNCTION indicator_persons_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Counted persons (domain.md): not deleted; residency permanent, temporary or absent. An edit that
  -- changes nothing counted (a name, a phone) adds +1 and -1 to the same totals and writes nothing.
  -- Keys in order (ORDER BY) so two transactions lock the same counter rows in the same order.
  EXECUTE format($sql$
    WITH changed AS (
      SELECT r.sign, r.village_id, r.commune_id, r.household_id, r.uses_cashless,
             COALESCE(extract(year FROM r.birth_date)::int, r.birth_year) AS birth_year,
             r.vneid = 'level2' AS vneid_level2,
             r.digital_signature NOT IN ('none', 'expired') AS digital_signature,
             r.health_book, r.payment_account,
             r.smartphone = 'own' AS smartphone,
             r.digital_skills IN ('attended', 'certified') AS digital_skills,
             r.online_public_services
      FROM (%s) r
      WHERE NOT r.deleted AND r.residency IN ('permanent', 'temporary', 'absent')
    ), cohort_deltas AS (
      SELECT village_id, commune_id, birth_year, sum(sign) AS persons,
             COALESCE(sum(sign) FILTER (WHERE vneid_level2), 0) AS vneid_level2,
             COALESCE(sum(sign) FILTER (WHERE digital_signature), 0) AS digital_signature,
             COALESCE(sum(sign) FILTER (WHERE health_book), 0) AS health_book,
             COALESCE(sum(sign) FILTER (WHERE payment_account), 0) AS payment_account,
             COALESCE(sum(sign) FILTER (WHERE smartphone), 0) AS smartphone,
             COALESCE(sum(sign) FILTER (WHERE digital_skills), 0) AS digital_skills,
             COALESCE(sum(sign) FILTER (WHERE online_public_services), 0) AS online_public_services,
             COALESCE(sum(sign) FILTER (WHERE vneid_level2 AND smartphone AND digital_skills AND payment_account), 0) AS digital_citizen
      FROM changed GROUP BY village_id, commune_id, birth_year
    ), cohorts AS (
      INSERT INTO indicator_cohorts AS c (village_id, commune_id, birth_year, persons, vneid_level2, digital_signature, health_book,
        payment_account, smartphone, digital_skills, online_public_services, digital_citizen)
      SELECT * FROM cohort_deltas d
      WHERE (d.persons, d.vneid_level2, d.digital_signature, d.health_book, d.payment_account, d.smartphone, d.digital_skills,
             d.online_public_services, d.digital_citizen) <> (0, 0, 0, 0, 0, 0, 0, 0, 0)
      ORDER BY village_id, birth_year
      ON CONFLICT (village_id, birth_year) DO UPDATE SET
        persons = c.persons + excluded.persons,
        vneid_level2 = c.vneid_level2 + excluded.vneid_level2,
        digital_signature = c.digital_signature + excluded.digital_signature,
        health_book = c.health_book + excluded.health_book,
        payment_account = c.payment_account + excluded.payment_account,
        smartphone = c.smartphone + excluded.smartphone,
        digital_skills = c.digital_skills + excluded.digital_skills,
        online_public_services = c.online_public_services + excluded.online_public_services,
        digital_citizen = c.digital_citizen + excluded.digital_citizen
    )
    INSERT INTO indicator_households AS h (household_id, village_id, commune_id, counted_members, cashless_members)
    SELECT * FROM (
      SELECT household_id, village_id, commune_id, sum(sign) AS counted, COALESCE(sum(sign) FILTER (WHERE uses_cashless), 0) AS cashless
      FROM changed GROUP BY household_id, village_id, commune_id
    ) d
    WHERE d.counted <> 0 OR d.cashless <> 0
    ORDER BY household_id
    ON CONFLICT (household_id) DO UPDATE SET
      counted_members = h.counted_members + excluded.counted_members,
      cashless_members = h.cashless_members + excluded.cashless_members
  $sql$, indicator_changed_rows(TG_OP));
  RETURN NULL;
END $$;

CREATE FUNCTION indicator_households_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- The household's own columns are state, not counts: the newest row wins (a deleted row is not live).
  EXECUTE format($sql$
    INSERT INTO indicator_households AS h (household_id, village_id, commune_id, live, business, accepts_cashless)
    SELECT DISTINCT ON (r.id) r.id, r.village_id, r.commune_id, r.sign > 0 AND NOT r.deleted, r.business <> 'none', r.accepts_cashless
    FROM (%s) r
    ORDER BY r.id, r.sign DESC
    ON CONFLICT (household_id) DO UPDATE SET
      live = excluded.live, business = excluded.business, accepts_cashless = excluded.accepts_cashless
  $sql$, indicator_changed_rows(TG_OP));
  RETURN NULL;
END $$;

CREATE FUNCTION indicator_visits_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- The first visit is a minimum, which a deletion can raise: read again for the households touched.
  EXECUTE format($sql$
    INSERT INTO indicator_households AS h (household_id, village_id, commune_id, first_visit)
    SELECT t.household_id, t.village_id, t.commune_id,
           (SELECT min(v.visited_on) FROM visits v WHERE v.household_id = t.household_id AND NOT v.deleted)
    FROM (SELECT DISTINCT r.household_id, r.village_id, r.commune_id FROM (%s) r) t
    ORDER BY t.household_id
    ON CONFLICT (household_id) DO UPDATE SET first_visit = excluded.first_visit
  $sql$, indicator_changed_rows(TG_OP));
  RETURN NULL;
END $$;

CREATE TRIGGER persons_indicators_insert AFTER INSERT ON persons REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION indicator_persons_changed();
CREATE TRIGGER persons_indicators_update AFTER UPDATE ON persons REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION indicator_persons_changed();
CREATE TRIGGER persons_indicators_delete AFTER DELETE ON persons REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION indicator_persons_changed();
CREATE TRIGGER households_indicators_insert AFTER INSERT ON households REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION indicator_households_changed();
CREATE TRIGGER households_indicators_update AFTER UPDATE ON households REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION indicator_households_changed();
CREATE TRIGGER households_indicators_delete AFTER DELETE ON households REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION indicator_households_changed();
CREATE TRIGGER visits_indicators_insert AFTER INSERT ON visits REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION indicator_visits_changed();
CREATE TRIGGER visits_indicators_update AFTER UPDATE ON visits REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION indicator_visits_changed();
CREATE TRIGGER visits_indicators_delete AFTER DELETE ON visits REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION indicator_visits_changed();

-- The totals of the data already there: the same statements, with every row new. (A no-op UPDATE
-- would fire the triggers too, but would also write history rows and draw change numbers.)
INSERT INTO indicator_cohorts (village_id, commune_id, birth_year, persons, vneid_level2, digital_signature, health_book,
  payment_account, smartphone, digital_skills, online_public_services, digital_citizen)
SELECT village_id, commune_id, COALESCE(extract(year FROM birth_date)::int, birth_year), count(*),
       count(*) FILTER (WHERE vneid = 'level2'), count(*) FILTER (WHERE digital_signature NOT IN ('none', 'expired')),
       count(*) FILTER (WHERE health_book), count(*) FILTER (WHERE payment_account),
       count(*) FILTER (WHERE smartphone = 'own'), count(*) FILTER (WHERE digital_skills IN ('attended', 'certified')),
       count(*) FILTER (WHERE online_public_services),
       count(*) FILTER (WHERE vneid = 'level2' AND smartphone = 'own' AND digital_skills IN ('attended', 'certified') AND payment_account)
FROM persons
WHERE NOT deleted AND residency IN ('permanent', 'temporary', 'absent')
GROUP BY 1, 2, 3;

INSERT INTO indicator_households (household_id, village_id, commune_id, live, business, accepts_cashless)
SELECT id, village_id, commune_id, NOT deleted, business <> 'none', accepts_cashless FROM households;

INSERT INTO indicator_households AS h (household_id, village_id, commune_id, counted_members, cashless_members)
SELECT household_id, village_id, commune_id, count(*), count(*) FILTER (WHERE uses_cashless)
FROM persons WHERE NOT deleted AND residency IN ('permanent', 'temporary', 'absent')
GROUP BY household_id, village_id, commune_id
ON CONFLICT (household_id) DO UPDATE SET counted_members = excluded.counted_members, cashless_members = excluded.cashless_members;

INSERT INTO indicator_households AS h (household_id, village_id, commune_id, first_visit)
SELECT household_id, village_id, commune_id, min(visited_on) FROM visits WHERE NOT deleted
GROUP BY household_id, village_id, commune_id
ON CONFLICT (household_id) DO UPDATE SET first_visit = excluded.first_visit;
