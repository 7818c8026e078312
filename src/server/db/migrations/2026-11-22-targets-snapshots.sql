-- Indicators (issue 4): each commune's own targets, monthly snapshots of every village's indicator
-- counts (the trends), and the log of every download of personal data. Named so it sorts after
-- 2026-11-22-initial.sql (the migrator runs files in name order).

-- Only the targets a commune changed; every other key uses DEFAULT_TARGETS of src/shared/indicators.ts.
CREATE TABLE indicator_targets (
  commune_id text NOT NULL REFERENCES communes (id),
  key        text NOT NULL,
  rate       double precision NOT NULL CHECK (rate >= 0 AND rate <= 1),
  updated_by text REFERENCES users (id),
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (commune_id, key)
);

-- One snapshot per commune and month: when it was taken and the report date its counts are computed at
-- (the month's last day, or an earlier day when taken on demand before the month ended).
CREATE TABLE indicator_snapshots (
  commune_id text NOT NULL REFERENCES communes (id),
  month      text NOT NULL CHECK (month ~ '^\d{4}-\d{2}$'),
  as_of      date NOT NULL,
  taken_at   timestamptz NOT NULL,
  -- NULL when the server took it by itself at month end.
  taken_by   text REFERENCES users (id),
  PRIMARY KEY (commune_id, month)
);

-- Counts, not rates: a group's rate is the sum of numerators over the sum of denominators.
CREATE TABLE indicator_snapshot_counts (
  commune_id  text NOT NULL,
  month       text NOT NULL,
  village_id  text NOT NULL REFERENCES villages (id),
  key         text NOT NULL,
  numerator   integer NOT NULL,
  denominator integer NOT NULL,
  PRIMARY KEY (commune_id, month, village_id, key),
  FOREIGN KEY (commune_id, month) REFERENCES indicator_snapshots (commune_id, month) ON DELETE CASCADE
);

-- Who downloaded personal data, when, and what (Law 91/2025: access is accountable).
CREATE TABLE data_access_log (
  id         text PRIMARY KEY,
  commune_id text NOT NULL REFERENCES communes (id),
  user_id    text NOT NULL REFERENCES users (id),
  session_id text,
  at         timestamptz NOT NULL,
  action     text NOT NULL,
  detail     jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX data_access_log_commune_idx ON data_access_log (commune_id, at DESC);
