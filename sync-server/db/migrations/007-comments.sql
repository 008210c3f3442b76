-- Comment threads on records [C1–C4]: append-only documents replicated in their record's own buckets
-- (all, order:<order_id>, own:<owner_id>, op:<order_id>:<owner_id>), so scope columns as on clients.
-- xid = the writing transaction, seq = change_seq, both set on every write; pulls read in (xid, seq)
-- order below pg_snapshot_xmin(pg_current_snapshot()) [S1]. first_xid: the creating transaction [S27].
CREATE TABLE comments (
  id text PRIMARY KEY,
  record_id text NOT NULL,
  order_id text NOT NULL,
  owner_id text NOT NULL,
  doc jsonb NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  xid xid8 NOT NULL,
  seq bigint NOT NULL,
  first_xid xid8 NOT NULL DEFAULT pg_current_xact_id()
);
-- One index per bucket kind, as on clients [S3, S25].
CREATE INDEX comments_position ON comments (xid, seq);
CREATE INDEX comments_owner_position ON comments (owner_id, xid, seq);
CREATE INDEX comments_order_position ON comments (order_id, xid, seq);
CREATE INDEX comments_order_owner_position ON comments (order_id, owner_id, xid, seq);
-- A record's thread.
CREATE INDEX comments_record ON comments (record_id);
