-- Initial schema of the commune server. Every row belongs to a commune, so one database can later hold a
-- whole province. Ids are text: UUIDs made by the server (communes, villages, users, devices) or by the
-- phone (households, persons, visits, mutations).

CREATE TABLE communes (
  id            text PRIMARY KEY,
  -- Official code from vn-admin-units.json; NULL until the administrator picks it.
  code          text UNIQUE,
  name          text,
  province_code text,
  province_name text,
  created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE villages (
  id                  text PRIMARY KEY,
  commune_id          text NOT NULL REFERENCES communes (id),
  name                text NOT NULL,
  code                text,
  expected_households integer,
  created_at          timestamptz NOT NULL DEFAULT now(),
  UNIQUE (commune_id, code)
);

CREATE TABLE users (
  id            text PRIMARY KEY,
  commune_id    text NOT NULL REFERENCES communes (id),
  username      text NOT NULL,
  password_hash text NOT NULL,
  role          text NOT NULL CHECK (role IN ('commune_admin', 'village_head', 'member')),
  disabled      boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL DEFAULT now()
);
-- Usernames are compared without case: "Lan" and "lan" are one account.
CREATE UNIQUE INDEX users_username_key ON users (lower(username));

CREATE TABLE user_villages (
  user_id    text NOT NULL REFERENCES users (id),
  village_id text NOT NULL REFERENCES villages (id),
  PRIMARY KEY (user_id, village_id)
);

-- One row per login: the bearer token is stored only as its SHA-256 hash.
CREATE TABLE devices (
  id           text PRIMARY KEY,
  user_id      text NOT NULL REFERENCES users (id),
  name         text,
  token_hash   text NOT NULL UNIQUE,
  created_at   timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  expires_at   timestamptz NOT NULL,
  revoked_at   timestamptz
);
CREATE INDEX devices_user_idx ON devices (user_id);

-- The global change sequence: every change of a synced record takes the next number. Writers of one
-- commune are serialised (they lock the commune row), so within a commune numbers commit in order.
CREATE SEQUENCE change_seq AS bigint;

CREATE TABLE households (
  id                text PRIMARY KEY,
  commune_id        text NOT NULL REFERENCES communes (id),
  village_id        text NOT NULL REFERENCES villages (id),
  version           integer NOT NULL,
  deleted           boolean NOT NULL DEFAULT false,
  created_at        timestamptz NOT NULL,
  updated_at        timestamptz NOT NULL,
  change_seq        bigint NOT NULL,
  -- Per field: version, clientTime, server time, mutation and device of its last change (conflicts).
  field_meta        jsonb NOT NULL DEFAULT '{}',
  updated_by        text REFERENCES users (id),
  address           text NOT NULL,
  head_name         text NOT NULL,
  phone             text,
  business          text NOT NULL,
  accepts_cashless  boolean NOT NULL,
  consent_given     boolean NOT NULL,
  consent_at        date,
  consent_by        text,
  note              text
);
CREATE INDEX households_change_idx ON households (change_seq);
CREATE INDEX households_village_change_idx ON households (village_id, change_seq);

CREATE TABLE persons (
  id                     text PRIMARY KEY,
  commune_id             text NOT NULL REFERENCES communes (id),
  village_id             text NOT NULL REFERENCES villages (id),
  version                integer NOT NULL,
  deleted                boolean NOT NULL DEFAULT false,
  created_at             timestamptz NOT NULL,
  updated_at             timestamptz NOT NULL,
  change_seq             bigint NOT NULL,
  field_meta             jsonb NOT NULL DEFAULT '{}',
  updated_by             text REFERENCES users (id),
  household_id           text NOT NULL,
  full_name              text NOT NULL,
  birth_year             integer NOT NULL,
  birth_date             date,
  sex                    text NOT NULL,
  relation               text NOT NULL,
  residency              text NOT NULL,
  vneid                  text NOT NULL,
  digital_signature      text NOT NULL,
  health_book            boolean NOT NULL,
  payment_account        boolean NOT NULL,
  uses_cashless          boolean NOT NULL,
  smartphone             text NOT NULL,
  digital_skills         text NOT NULL,
  online_public_services boolean NOT NULL
);
CREATE INDEX persons_change_idx ON persons (change_seq);
CREATE INDEX persons_village_change_idx ON persons (village_id, change_seq);
CREATE INDEX persons_household_idx ON persons (household_id);

CREATE TABLE visits (
  id           text PRIMARY KEY,
  commune_id   text NOT NULL REFERENCES communes (id),
  village_id   text NOT NULL REFERENCES villages (id),
  version      integer NOT NULL,
  deleted      boolean NOT NULL DEFAULT false,
  created_at   timestamptz NOT NULL,
  updated_at   timestamptz NOT NULL,
  change_seq   bigint NOT NULL,
  field_meta   jsonb NOT NULL DEFAULT '{}',
  updated_by   text REFERENCES users (id),
  household_id text NOT NULL,
  visited_on   date NOT NULL,
  person_id    text,
  note         text,
  helped_with  jsonb NOT NULL DEFAULT '[]'
);
CREATE INDEX visits_change_idx ON visits (change_seq);
CREATE INDEX visits_village_change_idx ON visits (village_id, change_seq);
CREATE INDEX visits_household_idx ON visits (household_id);

-- Idempotency and audit: every applied mutation with who sent it, what it changed and the answer given.
CREATE TABLE applied_mutations (
  mutation_id  text PRIMARY KEY,
  commune_id   text NOT NULL REFERENCES communes (id),
  user_id      text NOT NULL REFERENCES users (id),
  device_id    text NOT NULL,
  entity       text NOT NULL,
  record_id    text NOT NULL,
  op           text NOT NULL,
  fields       jsonb NOT NULL,
  client_time  timestamptz NOT NULL,
  server_time  timestamptz NOT NULL,
  result       jsonb NOT NULL
);
CREATE INDEX applied_mutations_record_idx ON applied_mutations (record_id);

CREATE TABLE conflicts (
  id                 text PRIMARY KEY,
  commune_id         text NOT NULL REFERENCES communes (id),
  village_id         text NOT NULL REFERENCES villages (id),
  entity             text NOT NULL,
  record_id          text NOT NULL,
  field              text NOT NULL,
  server_value       jsonb NOT NULL,
  client_value       jsonb NOT NULL,
  -- Which value the "later clientTime wins" rule kept.
  kept               text NOT NULL CHECK (kept IN ('server', 'client')),
  server_mutation_id text,
  client_mutation_id text NOT NULL,
  server_client_time timestamptz,
  client_client_time timestamptz NOT NULL,
  created_at         timestamptz NOT NULL,
  status             text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
  resolution         text CHECK (resolution IN ('server', 'client')),
  resolved_by        text REFERENCES users (id),
  resolved_at        timestamptz
);
CREATE INDEX conflicts_open_idx ON conflicts (commune_id, status, village_id);
