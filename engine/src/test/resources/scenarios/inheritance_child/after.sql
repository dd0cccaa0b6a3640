-- the parents see the new table's rows (and no old ones), routing and constraints still act
DO $$
DECLARE
    failed boolean := false;
BEGIN
    ASSERT (SELECT count(*) FROM base) = (SELECT count(*) FROM ONLY base) + (SELECT count(*) FROM target)
        + (SELECT count(*) FROM sibling), 'base reads its own rows and its children''s, once';
    ASSERT (SELECT count(*) FROM tagged) = (SELECT count(*) FROM target), 'tagged reads the new table';
    ASSERT (SELECT array_agg(DISTINCT tableoid::regclass::text) FROM tagged) = ARRAY['target'], 'only the new table';
    INSERT INTO target (id, amount) VALUES (100000, 5);
    ASSERT (SELECT kind || '/' || note || '/' || doubled FROM target WHERE id = 100000)
        = 'target/none/200000', 'defaults and the generated column';
    BEGIN
        INSERT INTO target (id, amount, kind) VALUES (100001, 1, '');
    EXCEPTION WHEN check_violation THEN
        failed := true;
    END;
    ASSERT failed, 'the inherited CHECK holds';
    ALTER TABLE base ADD COLUMN later int DEFAULT 3;
    ASSERT (SELECT later FROM target WHERE id = 1) = 3, 'a column added to the parent reaches the new table';
    ALTER TABLE target NO INHERIT tagged;
    ASSERT (SELECT attislocal FROM pg_attribute WHERE attrelid = 'target'::regclass AND attname = 'tag'),
        'leaving a parent makes its columns local, as for any child';
END $$;
