-- A restore is audited as its own kind [H4]; duplicate flags look records up by order and identifier [D1].
-- Valid on PostgreSQL 15 and on PGlite (PostgreSQL 18).

-- 005 named the column's check audit_kind_check (PostgreSQL's name for a column constraint).
ALTER TABLE audit DROP CONSTRAINT audit_kind_check;
ALTER TABLE audit ADD CONSTRAINT audit_kind_check CHECK (kind IN ('change', 'lost', 'restore'));

-- The records of an order sharing a NIP or REGON, and those naming a record as their duplicate.
-- Partial: empty identifiers never match, and most records name no duplicate.
CREATE INDEX clients_order_nip ON clients (order_id, (doc->>'nip')) WHERE doc->>'nip' <> '';
CREATE INDEX clients_order_regon ON clients (order_id, (doc->>'regon')) WHERE doc->>'regon' <> '';
CREATE INDEX clients_order_duplicate ON clients (order_id, (doc->>'duplicateOf')) WHERE doc->>'duplicateOf' <> '';
