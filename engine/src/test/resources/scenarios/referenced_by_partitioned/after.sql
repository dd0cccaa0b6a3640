DO $$
DECLARE
    failed boolean := false;
BEGIN
    ASSERT (SELECT bool_and(convalidated) FROM pg_constraint WHERE contype = 'f'
            AND conrelid::regclass::text LIKE 'child%'), 'the key and its partitions'' copies are validated';
    DELETE FROM target WHERE id = 4;
    ASSERT NOT EXISTS (SELECT 1 FROM child WHERE target_id = 4), 'the delete cascades';
    BEGIN
        INSERT INTO child VALUES (1500, 4);
    EXCEPTION WHEN foreign_key_violation THEN
        failed := true;
    END;
    ASSERT failed, 'a row without its target is rejected';
END $$;
