-- Issue 7: a pull walks one commune's changes in change order. With only (village_id, change_seq) the
-- planner gathered every matching row of the commune (bitmap scan on village_id = ANY) and sorted them
-- for each page: O(n) per page, O(n²) per first download. (commune_id, change_seq) is read in order from
-- the cursor and stops after `limit` rows; the village filter is applied on the way. It replaces the
-- change_seq-only indexes, which no query uses (change numbers are always read per commune), so a push
-- still maintains the same number of indexes. Named to sort after the other 2026-11-22 files.
CREATE INDEX households_commune_change_idx ON households (commune_id, change_seq);
CREATE INDEX persons_commune_change_idx ON persons (commune_id, change_seq);
CREATE INDEX visits_commune_change_idx ON visits (commune_id, change_seq);
DROP INDEX households_change_idx;
DROP INDEX persons_change_idx;
DROP INDEX visits_change_idx;
