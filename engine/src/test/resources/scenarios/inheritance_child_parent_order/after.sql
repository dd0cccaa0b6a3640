DO $$
BEGIN
    ASSERT (SELECT string_agg(inhparent::regclass::text, ',' ORDER BY inhseqno) FROM pg_inherits
            WHERE inhrelid = 'child'::regclass) = 'first_parent,target,later_parent,last_parent', 'the parents'' order';
    ASSERT (SELECT count(*) FROM target) = (SELECT count(*) FROM ONLY target) + 100, 'the child''s rows through the table';
    ASSERT (SELECT count(*) FROM later_parent) = 100, 'and through its other parents';
    ASSERT NOT EXISTS (SELECT 1 FROM pg_class WHERE relname LIKE 'standin%'), 'no stand-in is left';
END $$;
