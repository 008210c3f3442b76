-- Users, sessions, the two sync collections with their change positions, audit and refused-changes logs.
-- Valid on PostgreSQL 15 and on PGlite (PostgreSQL 18).

-- One sequence for every write of every collection: (xid, seq) is unique and orders rows inside a transaction [S1].
CREATE SEQUENCE change_seq;

CREATE TABLE users (
  id text PRIMARY KEY,
  login text NOT NULL,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'coordinator', 'supervisor', 'principal', 'operator', 'verifier')),
  password_hash text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);
-- Logins are unique whatever their case.
CREATE UNIQUE INDEX users_login_unique ON users (lower(login));

-- Only the SHA-256 of a session token is stored: a leaked table does not sign anyone in.
CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- xid = the writing transaction (pg_current_xact_id()), seq = change_seq; both set on EVERY insert and
-- update. Pulls read in (xid, seq) order below pg_snapshot_xmin(pg_current_snapshot()) [S1].
CREATE TABLE orders (
  id text PRIMARY KEY,
  principal_id text NOT NULL,
  status text NOT NULL,
  doc jsonb NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  xid xid8 NOT NULL,
  seq bigint NOT NULL
);
CREATE INDEX orders_position ON orders (xid, seq);

CREATE TABLE clients (
  id text PRIMARY KEY,
  order_id text NOT NULL,
  owner_id text NOT NULL,
  doc jsonb NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  xid xid8 NOT NULL,
  seq bigint NOT NULL
);
-- One index per bucket kind: all, own:<user>, order:<order> [S3].
CREATE INDEX clients_position ON clients (xid, seq);
CREATE INDEX clients_owner_position ON clients (owner_id, xid, seq);
CREATE INDEX clients_order_position ON clients (order_id, xid, seq);

-- Every accepted change, field path by field path [S9].
CREATE TABLE audit (
  id bigserial PRIMARY KEY,
  collection text NOT NULL,
  doc_id text NOT NULL,
  path text NOT NULL,
  old jsonb,
  new jsonb,
  user_id text NOT NULL,
  device_id text NOT NULL,
  at timestamptz NOT NULL
);
CREATE INDEX audit_doc ON audit (collection, doc_id, id);

-- Every refused row, with what the user typed, so nothing is silently lost [S8].
CREATE TABLE refused_changes (
  id bigserial PRIMARY KEY,
  collection text NOT NULL,
  doc_id text NOT NULL,
  user_id text NOT NULL,
  device_id text NOT NULL,
  code text NOT NULL,
  issues jsonb NOT NULL,
  doc jsonb,
  at timestamptz NOT NULL
);
CREATE INDEX refused_changes_doc ON refused_changes (collection, doc_id, id);

-- Server-wide secrets, shared by every instance on this database. 'checkpoint' signs the buckets a
-- pull hands out, so a forged checkpoint cannot ask for removals of buckets it never held [S4].
-- gen_random_uuid() draws from pg_strong_random(); two of them hashed give 244 random bits.
CREATE TABLE server_secrets (
  name text PRIMARY KEY,
  value text NOT NULL
);
INSERT INTO server_secrets (name, value)
VALUES ('checkpoint', encode(sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text, 'UTF8')), 'hex'));
