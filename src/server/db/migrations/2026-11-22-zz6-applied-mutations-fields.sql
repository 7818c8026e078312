-- Issue 7 and the personal-data rules: applied_mutations no longer keeps the fields each mutation sent.
-- They were a second copy of what record_history already holds (the old and new value of every field a
-- write changed, written by trigger in the same transaction, naming the mutation), and of what the
-- conflicts table holds for a value that lost. Nothing read them; only the erase of a person had to find
-- and null them. Measured on PGlite, a 50,000-person ingest: the applied_mutations inserts went from
-- 1.5 s to 1.0 s, and each pushed record's answer row is ~0.5 KB smaller. The row keeps who, which
-- device, which record, the phone's time, the server's time and the answer: the idempotency record.
ALTER TABLE applied_mutations DROP COLUMN fields;
