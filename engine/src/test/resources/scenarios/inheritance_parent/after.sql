DO $$
DECLARE
    failed boolean := false;
BEGIN
    ASSERT (SELECT count(*) FROM target) = 3000 + 100 + 100 + 100 + 1 - (3000 - (SELECT count(*) FROM ONLY target)),
        'the new table reads its children''s rows';
    ASSERT (SELECT count(*) FROM target WHERE tableoid = 'grandchild'::regclass) = 100, 'and its grandchild''s';
    ALTER TABLE target ADD COLUMN later int DEFAULT 5;
    ASSERT (SELECT later FROM grandchild LIMIT 1) = 5, 'a column added to it reaches every descendant';
    BEGIN
        INSERT INTO child_a (id, v, n) VALUES (9999, 'z', -1);
    EXCEPTION WHEN check_violation THEN
        failed := true;
    END;
    ASSERT failed, 'the inherited CHECK holds in the child';
    UPDATE target SET n = n + 1 WHERE id IN (5001, 7001);
    ASSERT (SELECT n FROM grandchild WHERE id = 7001) = 4, 'updates through the new table reach the grandchild';
END $$;
