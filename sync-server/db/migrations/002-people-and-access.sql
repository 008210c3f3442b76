-- The user structure, the replicated user directory, assignments (users bound to orders) and why sessions ended.
-- Valid on PostgreSQL 15 and on PGlite (PostgreSQL 18).

-- Operators belong to a supervisor, supervisors to a coordinator; '' = none.
ALTER TABLE users ADD COLUMN manager_id text NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
-- The directory document devices replicate: public fields only (sync-server/db/directory.ts writes it).
ALTER TABLE users ADD COLUMN doc jsonb;
ALTER TABLE users ADD COLUMN deleted boolean NOT NULL DEFAULT false;
ALTER TABLE users ADD COLUMN xid xid8;
ALTER TABLE users ADD COLUMN seq bigint;
UPDATE users SET
  doc = jsonb_build_object('id', id, 'name', name, 'role', role, 'managerId', manager_id, 'active', active,
                           'updatedAt', floor(extract(epoch FROM created_at) * 1000)::bigint),
  xid = pg_current_xact_id(), seq = nextval('change_seq');
ALTER TABLE users ALTER COLUMN doc SET NOT NULL;
ALTER TABLE users ALTER COLUMN xid SET NOT NULL;
ALTER TABLE users ALTER COLUMN seq SET NOT NULL;
CREATE INDEX users_position ON users (xid, seq);
CREATE INDEX users_manager ON users (manager_id);

-- A user bound to an order in a role; `closed` = closed for that user. Unbinding marks the row deleted,
-- so devices holding it receive the removal [S4]. Buckets: all, order:<order_id>, user:<user_id>.
CREATE TABLE assignments (
  id text PRIMARY KEY,
  order_id text NOT NULL,
  user_id text NOT NULL,
  role text NOT NULL CHECK (role IN ('operator', 'supervisor', 'verifier', 'coordinator')),
  closed boolean NOT NULL DEFAULT false,
  doc jsonb NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  xid xid8 NOT NULL,
  seq bigint NOT NULL
);
CREATE INDEX assignments_position ON assignments (xid, seq);
CREATE INDEX assignments_order_position ON assignments (order_id, xid, seq);
CREATE INDEX assignments_user_position ON assignments (user_id, xid, seq);

-- The operator-in-order bucket op:<order>:<owner> [S3].
CREATE INDEX clients_order_owner_position ON clients (order_id, owner_id, xid, seq);
CREATE INDEX orders_principal ON orders (principal_id);

-- A session ended by the server (password reset, deactivation) stays a while with its reason, so the
-- device can be told why it was signed out; expired and ended rows are purged after SESSION_KEEP.
ALTER TABLE sessions ADD COLUMN ended_reason text;
