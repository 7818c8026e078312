-- Issue 7: the audit trail's triggers cost a push about as much as the rows they audit. Two reasons,
-- measured on 10,245 persons (PostgreSQL 15): the planner inlined the subquery that held to_jsonb(r), so
-- the whole row was turned into JSON once per reference (2× the work); and it was the whole row —
-- field_meta and the bookkeeping columns too — whose keys history_data then removed again. Building the
-- JSON once, from the recorded columns only, took that part from 270 ms to 72 ms.
--
-- The recorded columns are still found, not listed: every column of the table except the bookkeeping
-- ones (the same list history_data keeps), read from the catalog at each statement, so a column added
-- later is recorded without touching these functions. The statement is built per table with EXECUTE
-- (transition tables are visible to it, as in the indicator triggers of zz1).

-- "n.a, n.b, …" for the recorded columns of the trigger's table, and the expression of its household.
CREATE FUNCTION history_recorded_columns(table_id oid, prefix text) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT string_agg(format('%s.%I', prefix, a.attname), ', ' ORDER BY a.attnum)
  FROM pg_attribute a
  WHERE a.attrelid = table_id AND a.attnum > 0 AND NOT a.attisdropped
    AND a.attname <> ALL (ARRAY['id', 'commune_id', 'village_id', 'version', 'deleted', 'created_at', 'updated_at',
                                'change_seq', 'field_meta', 'updated_by', 'import_key'])
$$;

CREATE FUNCTION history_household_expression(table_id oid, prefix text) RETURNS text LANGUAGE sql STABLE AS $$
  -- A person's household is its household_id; a household is its own.
  SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = table_id AND a.attname = 'household_id' AND NOT a.attisdropped)
              THEN format('%s.household_id', prefix) ELSE format('%s.id', prefix) END
$$;

CREATE OR REPLACE FUNCTION record_history_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format($sql$
    INSERT INTO record_history (commune_id, village_id, entity, record_id, household_id, version, at, user_id, action, old_values, new_values, mutation_id)
    SELECT n.commune_id, n.village_id, %L, n.id, %s, n.version, n.updated_at, n.updated_by,
           CASE WHEN n.deleted THEN 'delete' ELSE 'create' END, '{}'::jsonb, jsonb_strip_nulls(to_jsonb(d)),
           history_mutation(n.field_meta, n.version)
    FROM new_rows n CROSS JOIN LATERAL (SELECT %s) d
  $sql$, TG_ARGV[0], history_household_expression(TG_RELID, 'n'), history_recorded_columns(TG_RELID, 'n'));
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION record_history_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- OFFSET 0 keeps each side's JSON a value computed once per row: inlined, it was rebuilt per key compared.
  EXECUTE format($sql$
    INSERT INTO record_history (commune_id, village_id, entity, record_id, household_id, version, at, user_id, action, old_values, new_values, mutation_id)
    SELECT n.commune_id, n.village_id, %L, n.id, %s, n.version, n.updated_at, n.updated_by,
           CASE WHEN n.deleted AND NOT o.deleted THEN 'delete' ELSE 'update' END, d.old_values, d.new_values,
           history_mutation(n.field_meta, n.version)
    FROM new_rows n
    JOIN old_rows o ON o.id = n.id
    CROSS JOIN LATERAL (SELECT to_jsonb(x) AS data FROM (SELECT %s) x OFFSET 0) nd
    CROSS JOIN LATERAL (SELECT to_jsonb(x) AS data FROM (SELECT %s) x OFFSET 0) od
    CROSS JOIN LATERAL (
      SELECT COALESCE(jsonb_object_agg(k.key, od.data -> k.key), '{}'::jsonb) AS old_values,
             COALESCE(jsonb_object_agg(k.key, k.value), '{}'::jsonb) AS new_values
      FROM jsonb_each(nd.data) k
      WHERE k.value IS DISTINCT FROM od.data -> k.key
    ) d
    -- A write that changed no recorded value (the import key set, a version bump of equal values) is not news.
    WHERE d.new_values <> '{}'::jsonb OR n.deleted <> o.deleted
  $sql$, TG_ARGV[0], history_household_expression(TG_RELID, 'n'), history_recorded_columns(TG_RELID, 'n'), history_recorded_columns(TG_RELID, 'o'));
  RETURN NULL;
END $$;
