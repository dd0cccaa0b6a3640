INSERT INTO target VALUES (5000, 'new');
CALL target_touch(5000);
DO $$
BEGIN
    ASSERT target_count() = (SELECT count(*) FROM target), 'the function reads the new table';
    ASSERT target_v(5000) = 'new', 'the RETURN form too';
END $$;
