-- Issue 5: the audit trail of households and persons, and the key that ties an imported household to the
-- row of the commune's Excel list it came from. Named to sort after the other 2026-11-22 files (the
-- migrator runs files in name order).

-- The household_key of an imported list identifies the household within its village: importing the same
-- file again updates that household instead of creating a second one.
ALTER TABLE households ADD COLUMN import_key text;
CREATE UNIQUE INDEX households_import_key_idx ON households (village_id, import_key) WHERE import_key IS NOT NULL;

-- One row per write of a household or person: the fields it changed, with their old and new values.
-- Filled by triggers, so every write path (push, conflict review, import, erase, and any added later) is
-- recorded in the same transaction as the write itself, without each path having to remember it. Who
-- wrote it is the record's updated_by; the device and mutation come from applied_mutations (same
-- record, same version), which every write path also fills.
CREATE TABLE record_history (
  id           bigserial PRIMARY KEY,
  commune_id   text NOT NULL REFERENCES communes (id),
  village_id   text NOT NULL REFERENCES villages (id),
  entity       text NOT NULL CHECK (entity IN ('household', 'person')),
  record_id    text NOT NULL,
  -- The household itself, or the person's household: the household screen shows both.
  household_id text NOT NULL,
  version      integer NOT NULL,
  at           timestamptz NOT NULL,
  user_id      text REFERENCES users (id),
  action       text NOT NULL CHECK (action IN ('create', 'update', 'delete', 'erase')),
  -- Column name → value; only the columns that changed. Anonymised (values nulled) when a person is erased.
  old_values   jsonb NOT NULL DEFAULT '{}',
  new_values   jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX record_history_household_idx ON record_history (household_id, id);
CREATE INDEX record_history_record_idx ON record_history (record_id);
CREATE INDEX record_history_commune_at_idx ON record_history (commune_id, at);

-- Columns that are bookkeeping, not recorded data.
CREATE FUNCTION history_data(row_data jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT row_data - ARRAY['id', 'commune_id', 'village_id', 'version', 'deleted', 'created_at', 'updated_at',
                          'change_seq', 'field_meta', 'updated_by', 'import_key']
$$;

-- Statement-level with transition tables: a push writes a thousand records in one statement, and one
-- set-based INSERT per statement costs far less than a row trigger per record.
CREATE FUNCTION record_history_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO record_history (commune_id, village_id, entity, record_id, household_id, version, at, user_id, action, old_values, new_values)
  SELECT n.commune_id, n.village_id, TG_ARGV[0], n.id, COALESCE(n.row_data ->> 'household_id', n.id), n.version, n.updated_at,
         n.updated_by, CASE WHEN n.deleted THEN 'delete' ELSE 'create' END, '{}'::jsonb, jsonb_strip_nulls(history_data(n.row_data))
  FROM (SELECT r.id, r.commune_id, r.village_id, r.version, r.updated_at, r.updated_by, r.deleted, to_jsonb(r) AS row_data FROM new_rows r) n;
  RETURN NULL;
END $$;

CREATE FUNCTION record_history_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO record_history (commune_id, village_id, entity, record_id, household_id, version, at, user_id, action, old_values, new_values)
  SELECT n.commune_id, n.village_id, TG_ARGV[0], n.id, COALESCE(n.row_data ->> 'household_id', n.id), n.version, n.updated_at,
         n.updated_by, CASE WHEN n.deleted AND NOT o.deleted THEN 'delete' ELSE 'update' END, d.old_values, d.new_values
  FROM (SELECT r.id, r.commune_id, r.village_id, r.version, r.updated_at, r.updated_by, r.deleted, to_jsonb(r) AS row_data FROM new_rows r) n
  JOIN (SELECT r.id, r.deleted, to_jsonb(r) AS row_data FROM old_rows r) o ON o.id = n.id
  CROSS JOIN LATERAL (
    SELECT COALESCE(jsonb_object_agg(k.key, history_data(o.row_data) -> k.key), '{}'::jsonb) AS old_values,
           COALESCE(jsonb_object_agg(k.key, k.value), '{}'::jsonb) AS new_values
    FROM jsonb_each(history_data(n.row_data)) k
    WHERE k.value IS DISTINCT FROM history_data(o.row_data) -> k.key
  ) d
  -- A write that changed no recorded value (the import key set, a version bump of equal values) is not news.
  WHERE d.new_values <> '{}'::jsonb OR n.deleted <> o.deleted;
  RETURN NULL;
END $$;

CREATE TRIGGER households_history_insert AFTER INSERT ON households REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION record_history_on_insert('household');
CREATE TRIGGER households_history_update AFTER UPDATE ON households REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION record_history_on_update('household');
CREATE TRIGGER persons_history_insert AFTER INSERT ON persons REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION record_history_on_insert('person');
CREATE TRIGGER persons_history_update AFTER UPDATE ON persons REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION record_history_on_update('person');

-- A session the office ended (a lost phone revoked, a password reset, an account disabled) answers
-- DEVICE_REVOKED, so the phone tells its user why; one ended by its own logout stays UNAUTHENTICATED.
ALTER TABLE devices ADD COLUMN revoked_by_office boolean NOT NULL DEFAULT false;
