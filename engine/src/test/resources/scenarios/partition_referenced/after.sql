-- the keys are valid again, still cascade and still reject a row without its parent (before 18, VALIDATE
-- leaves the copies PostgreSQL keeps of a key for each referenced partition marked not validated, as
-- it does for any key added NOT VALID and validated; the key itself is validated)
DO $$
DECLARE
    failed boolean := false;
BEGIN
    ASSERT (SELECT bool_and(convalidated) FROM pg_constraint WHERE contype = 'f'
            AND conrelid::regclass::text IN ('child', 'child_log') AND conparentid = 0), 'the keys are validated';
    DELETE FROM parent WHERE id = 4;
    ASSERT NOT EXISTS (SELECT 1 FROM child WHERE parent_id = 4), 'the delete cascades into the new partition''s rows';
    BEGIN
        INSERT INTO child VALUES (100000, 4);
    EXCEPTION WHEN foreign_key_violation THEN
        failed := true;
    END;
    ASSERT failed, 'a child without its parent is rejected';
    IF current_setting('server_version_num')::int >= 180000 THEN
        DELETE FROM parent WHERE id = 6;
        ASSERT (SELECT parent_id FROM child_log WHERE id = 6) IS NULL, 'the partitioned table''s key acts too';
    END IF;
END $$;
