-- Pull checkpoints v2 [S3, S4, S25–S28]: a checkpoint names its bucket sets by digest, stored here, and
-- every row remembers the transaction that created it, so a removal walk lists only ids a device held.

-- A bucket set, content-addressed: digest = sha256 of the sorted keys (checkpoint.ts). Immutable rows.
CREATE TABLE bucket_sets (
  digest text PRIMARY KEY,
  buckets text[] NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- The creating transaction of each row (set once by the default, never updated). Existing rows count
-- as created by this migration: removal walks of checkpoints older than it are answered with a reset.
ALTER TABLE clients ADD COLUMN first_xid xid8 NOT NULL DEFAULT pg_current_xact_id();
ALTER TABLE orders ADD COLUMN first_xid xid8 NOT NULL DEFAULT pg_current_xact_id();
ALTER TABLE assignments ADD COLUMN first_xid xid8 NOT NULL DEFAULT pg_current_xact_id();
ALTER TABLE users ADD COLUMN first_xid xid8 NOT NULL DEFAULT pg_current_xact_id();
ALTER TABLE attributes ADD COLUMN first_xid xid8 NOT NULL DEFAULT pg_current_xact_id();
