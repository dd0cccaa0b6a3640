INSERT INTO target VALUES (1001, 4, 'new');
DO $$
BEGIN
    ASSERT (SELECT count(*) FROM target_all WHERE id = 1001 AND v = 'new') = 1, 'the view on the parent';
    ASSERT (SELECT count(*) FROM pg_partition_tree('target') WHERE isleaf) = 4, 'every leaf attached';
END $$;
