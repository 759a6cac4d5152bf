-- Dataset rows linked to profiles by an identity are joined to identity values, which use the C
-- collation and, for emails, lower case. The link index of such datasets now holds that form
-- (`lower(column) COLLATE "C"` for email links, `column COLLATE "C"` for other namespaces), so an
-- audience condition looks up the rows of its candidate profiles instead of reading the whole
-- dataset. Datasets created earlier get their link index rebuilt the same way.
DO $$
DECLARE
  dataset record;
  index_name text;
BEGIN
  FOR dataset IN
    SELECT table_name, link->>'column' AS link_column, link->>'by' AS link_by
      FROM datasets
     WHERE link->>'kind' = 'profile' AND link->>'by' <> 'profileId'
  LOOP
    -- The name dataset creation gives it, cut to the identifier length as PostgreSQL does.
    index_name := left(dataset.table_name || '_link_idx', 63);
    EXECUTE format('DROP INDEX IF EXISTS clarion_datasets.%I', index_name);
    IF dataset.link_by = 'email' THEN
      EXECUTE format('CREATE INDEX %I ON clarion_datasets.%I ((lower(%I) COLLATE "C"))',
                     index_name, dataset.table_name, dataset.link_column);
    ELSE
      EXECUTE format('CREATE INDEX %I ON clarion_datasets.%I (%I COLLATE "C")',
                     index_name, dataset.table_name, dataset.link_column);
    END IF;
  END LOOP;
END
$$;
