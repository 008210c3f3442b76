-- Custom attributes (atrybuty niestandardowe): definitions devices replicate and push. Bucket: all.
CREATE TABLE attributes (
  id text PRIMARY KEY,
  created_by text NOT NULL,
  doc jsonb NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  xid xid8 NOT NULL,
  seq bigint NOT NULL
);
CREATE INDEX attributes_position ON attributes (xid, seq);
