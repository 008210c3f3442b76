-- Protocol 2 [M11]: a verdict is one value with per-field notes. Every stored record gets
-- `verification.notes` = {} when it has none, and its fieldTimes keys `verification:<key>` become one
-- `verification`, the latest of them: the shape verdictAsOneValue (schemas/entities/verdict-v1.ts)
-- gives the devices' own copies when their storage migrates (clients v2). Positions (xid, seq) stay:
-- no device needs to pull again, and protocol-1 apps are served the keys shape by wire-v1.ts [S12].
UPDATE clients SET doc = jsonb_set(
  CASE
    WHEN jsonb_typeof(doc->'verification') = 'object' AND NOT (doc->'verification' ? 'notes')
      THEN jsonb_set(doc, '{verification,notes}', '{}'::jsonb)
    ELSE doc
  END,
  '{fieldTimes}',
  (
    SELECT coalesce(jsonb_object_agg(t.key, t.value) FILTER (WHERE t.key NOT LIKE 'verification:%'), '{}'::jsonb)
      || jsonb_strip_nulls(jsonb_build_object('verification', max(t.value::text::numeric) FILTER (
           WHERE (t.key LIKE 'verification:%' OR t.key = 'verification') AND jsonb_typeof(t.value) = 'number'
         )))
    FROM jsonb_each(doc->'fieldTimes') AS t(key, value)
  )
)
-- Only the rows of the old shape (CASE: the keys are read only where fieldTimes is an object).
WHERE CASE
  WHEN jsonb_typeof(doc->'fieldTimes') <> 'object' THEN false
  WHEN jsonb_typeof(doc->'verification') = 'object' AND NOT (doc->'verification' ? 'notes') THEN true
  ELSE EXISTS (SELECT 1 FROM jsonb_object_keys(doc->'fieldTimes') AS k(key) WHERE k.key LIKE 'verification:%')
END;
