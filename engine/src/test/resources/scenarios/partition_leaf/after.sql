-- the parent routes to the new partition, which keeps the partition's bound and the parent's CHECK
INSERT INTO parent VALUES (1500, DATE '2025-01-01', 'new');
DO $$
BEGIN
    ASSERT (SELECT tableoid::regclass::text FROM parent WHERE id = 1500) LIKE '%target_2', 'routed to target_2';
    ASSERT (SELECT count(*) FROM parent) = (SELECT count(*) FROM target_1) + (SELECT count(*) FROM target_2)
        + (SELECT count(*) FROM target_3), 'every row through the parent';
    BEGIN
        INSERT INTO target_2 VALUES (5, DATE '2025-01-01', 'outside the bound');
        RAISE EXCEPTION 'the bound was not enforced';
    EXCEPTION WHEN check_violation THEN NULL;
    END;
    BEGIN
        INSERT INTO parent VALUES (1503, DATE '2025-01-01', '');
        RAISE EXCEPTION 'the parent''s CHECK was not enforced';
    EXCEPTION WHEN check_violation THEN NULL;
    END;
    ASSERT (SELECT count(*) FROM target_2_recent) = (SELECT count(*) FROM target_2 WHERE id > 1500), 'the view';
END $$;
