-- Audit entries say what they record: an accepted change, or a device value its merge discarded [S19].
ALTER TABLE audit ADD COLUMN kind text NOT NULL DEFAULT 'change' CHECK (kind IN ('change', 'lost'));
