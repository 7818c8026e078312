-- Issue 7: each write's stamp stored once per version instead of once per field (src/server/sync/field-meta.ts
-- explains the format and why). Rows written before are converted here; every write path goes through
-- packFieldMeta from now on. Named to sort after the other 2026-11-22 files.

CREATE FUNCTION pack_field_meta(meta jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_build_object(
    'f', COALESCE((SELECT jsonb_object_agg(e.key, (e.value ->> 'v')::int) FROM jsonb_each(meta) e), '{}'::jsonb),
    's', COALESCE((SELECT jsonb_object_agg(s.v, s.stamp)
                   FROM (SELECT DISTINCT ON (e.value ->> 'v') e.value ->> 'v' AS v, e.value - 'v' AS stamp
                         FROM jsonb_each(meta) e ORDER BY e.value ->> 'v') s), '{}'::jsonb))
$$;

-- Only field_meta changes: no change number is drawn and the audit trail records nothing (history_data
-- leaves field_meta out), so phones see no change.
UPDATE households SET field_meta = pack_field_meta(field_meta) WHERE NOT field_meta ? 'f';
UPDATE persons SET field_meta = pack_field_meta(field_meta) WHERE NOT field_meta ? 'f';
UPDATE visits SET field_meta = pack_field_meta(field_meta) WHERE NOT field_meta ? 'f';
DROP FUNCTION pack_field_meta(jsonb);

-- The mutation that produced a version is its stamp's.
CREATE OR REPLACE FUNCTION history_mutation(field_meta jsonb, version integer) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT field_meta -> 's' -> version::text ->> 'm'
$$;
