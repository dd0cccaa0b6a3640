DO $$
BEGIN
    ASSERT (SELECT relpersistence FROM pg_class WHERE oid = 'target'::regclass) = 'p', 'the new table is logged';
    ASSERT EXISTS (SELECT 1 FROM pg_publication_tables WHERE pubname = 'all_' || current_schema()
                   AND schemaname = current_schema() AND tablename = 'target'), 'the publication lists it';
    ASSERT coalesce((SELECT relpersistence FROM pg_class WHERE oid = to_regclass('recast.jobs')), 'u') = 'u',
        'the job table is unlogged while a FOR ALL TABLES publication exists';
END $$;
