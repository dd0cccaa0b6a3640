DO $$
BEGIN
    ASSERT (SELECT reloftype FROM pg_class WHERE oid = 'target'::regclass) = 'target_type'::regtype, 'still OF its type';
    INSERT INTO target (id, amount) VALUES (100000, 1);
    ASSERT (SELECT note FROM target WHERE id = 100000) = 'none', 'the column default';
    ALTER TYPE target_type ADD ATTRIBUTE extra int CASCADE;
    ASSERT (SELECT count(*) FROM pg_attribute WHERE attrelid = 'target'::regclass AND attname = 'extra') = 1,
        'a change to the type reaches the new table';
END $$;
