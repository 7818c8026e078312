-- Which life of this database a pull cursor was issued in. Restoring a backup (npm run restore) gives
-- the database a new generation: change numbers and record versions drawn after the backup was taken are
-- drawn again, so a phone's cursor from before the restore may point past changes it never saw. A pull
-- with a cursor of another generation starts again from the beginning (docs/sync-protocol.md [PL8]).
CREATE TABLE server_generation (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  generation text NOT NULL CHECK (generation ~ '^[0-9a-f]{12}$'),
  restored_at timestamptz
);
INSERT INTO server_generation (generation) VALUES (substr(md5(random()::text || clock_timestamp()::text), 1, 12));
