-- Issue 7: no planner statistics for sync bookkeeping columns whose values no query filters, joins or
-- sorts on: each record's field stamps (field_meta) and an applied mutation's fields and result. (The
-- audit trail matches `(result ->> 'version')::int` after finding the rows by record id; a column's
-- statistics do not describe such an expression.) ANALYZE read and summarised those JSON values in every
-- sampled row, and they were most of its work: on PostgreSQL 15, after a 50,000-person ingest (75,000
-- records and as many applied mutations), one ANALYZE of the synced tables took 1.9 s, 0.7 s without
-- them. The push path runs that ANALYZE after large writes (src/server/sync/table-stats.ts), ten times in
-- that ingest; on a 2-core server it competes with the pushes for a core. The columns are still read and
-- written as before; only the statistics about their values are not kept.
ALTER TABLE households ALTER COLUMN field_meta SET STATISTICS 0;
ALTER TABLE persons ALTER COLUMN field_meta SET STATISTICS 0;
ALTER TABLE visits ALTER COLUMN field_meta SET STATISTICS 0;
ALTER TABLE applied_mutations ALTER COLUMN fields SET STATISTICS 0;
ALTER TABLE applied_mutations ALTER COLUMN result SET STATISTICS 0;
