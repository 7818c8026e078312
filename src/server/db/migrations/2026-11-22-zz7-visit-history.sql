-- Visits join the audit trail. A visit counts a household as reached (household_coverage) and says what
-- help was given, for whom, with a free-text note; until now who recorded, changed or removed one was
-- kept only as the mutation sent (applied_mutations.fields), which the history screens do not show: not
-- the values before a change, and not what a change sent that lost to a later one. The triggers are those of
-- households and persons (migration zz4: the recorded columns are read from the catalog, and a row's
-- household is its household_id).
ALTER TABLE record_history DROP CONSTRAINT record_history_entity_check;
ALTER TABLE record_history ADD CONSTRAINT record_history_entity_check CHECK (entity IN ('household', 'person', 'visit'));

CREATE TRIGGER visits_history_insert AFTER INSERT ON visits REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION record_history_on_insert('visit');
CREATE TRIGGER visits_history_update AFTER UPDATE ON visits REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION record_history_on_update('visit');

-- Visits written before this migration: a visit still at version 1 was created and never changed since,
-- so its creation is exactly its row, as the insert trigger would have recorded it. A visit changed since
-- has no such row to rebuild its creation from (a change may have lost fields to a later one); its
-- changes stay findable in applied_mutations.
DO $$
BEGIN
  EXECUTE format($sql$
    INSERT INTO record_history (commune_id, village_id, entity, record_id, household_id, version, at, user_id, action, old_values, new_values, mutation_id)
    SELECT n.commune_id, n.village_id, 'visit', n.id, n.household_id, n.version, n.updated_at, n.updated_by,
           CASE WHEN n.deleted THEN 'delete' ELSE 'create' END, '{}'::jsonb, jsonb_strip_nulls(to_jsonb(d)),
           history_mutation(n.field_meta, n.version)
    FROM visits n CROSS JOIN LATERAL (SELECT %s) d
    WHERE n.version = 1
  $sql$, history_recorded_columns('visits'::regclass, 'n'));
END $$;
