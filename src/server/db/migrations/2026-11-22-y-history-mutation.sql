-- The audit trail names the mutation that produced each version: the one whose stamp in field_meta has
-- that version. Found by version alone, a later mutation that changed nothing (all of its fields lost to
-- a later clientTime) answers the same version and could be taken for the author. A deletion stamps no
-- field; its author is found in applied_mutations by version (src/server/audit/history.ts).
ALTER TABLE record_history ADD COLUMN mutation_id text;

CREATE OR REPLACE FUNCTION history_mutation(field_meta jsonb, version integer) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT fm.value ->> 'm' FROM jsonb_each(field_meta) fm WHERE (fm.value ->> 'v')::int = version LIMIT 1
$$;

CREATE OR REPLACE FUNCTION record_history_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO record_history (commune_id, village_id, entity, record_id, household_id, version, at, user_id, action, old_values, new_values, mutation_id)
  SELECT n.commune_id, n.village_id, TG_ARGV[0], n.id, COALESCE(n.row_data ->> 'household_id', n.id), n.version, n.updated_at,
         n.updated_by, CASE WHEN n.deleted THEN 'delete' ELSE 'create' END, '{}'::jsonb, jsonb_strip_nulls(history_data(n.row_data)),
         history_mutation(n.field_meta, n.version)
  FROM (SELECT r.id, r.commune_id, r.village_id, r.version, r.updated_at, r.updated_by, r.deleted, r.field_meta, to_jsonb(r) AS row_data FROM new_rows r) n;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION record_history_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO record_history (commune_id, village_id, entity, record_id, household_id, version, at, user_id, action, old_values, new_values, mutation_id)
  SELECT n.commune_id, n.village_id, TG_ARGV[0], n.id, COALESCE(n.row_data ->> 'household_id', n.id), n.version, n.updated_at,
         n.updated_by, CASE WHEN n.deleted AND NOT o.deleted THEN 'delete' ELSE 'update' END, d.old_values, d.new_values,
         history_mutation(n.field_meta, n.version)
  FROM (SELECT r.id, r.commune_id, r.village_id, r.version, r.updated_at, r.updated_by, r.deleted, r.field_meta, to_jsonb(r) AS row_data FROM new_rows r) n
  JOIN (SELECT r.id, r.deleted, to_jsonb(r) AS row_data FROM old_rows r) o ON o.id = n.id
  CROSS JOIN LATERAL (
    SELECT COALESCE(jsonb_object_agg(k.key, history_data(o.row_data) -> k.key), '{}'::jsonb) AS old_values,
           COALESCE(jsonb_object_agg(k.key, k.value), '{}'::jsonb) AS new_values
    FROM jsonb_each(history_data(n.row_data)) k
    WHERE k.value IS DISTINCT FROM history_data(o.row_data) -> k.key
  ) d
  WHERE d.new_values <> '{}'::jsonb OR n.deleted <> o.deleted;
  RETURN NULL;
END $$;
