INSERT INTO parent VALUES ('us', 5000, '{}');
DO $$
BEGIN
    ASSERT (SELECT tableoid::regclass::text FROM parent WHERE id = 5000) LIKE '%target', 'routed to the default';
END $$;
