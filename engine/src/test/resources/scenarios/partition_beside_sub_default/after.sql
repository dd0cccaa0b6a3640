-- rows route through the parent as before: into the new partition, and beside it into the DEFAULT one,
-- which no longer carries recast's CHECK
INSERT INTO parent VALUES (7, 1, 'in'), (14, 4, 'default');
DO $$
BEGIN
    ASSERT (SELECT tableoid::regclass::text FROM parent WHERE id = 7 AND k = 1) LIKE '%target', 'routed to the partition';
    ASSERT (SELECT tableoid::regclass::text FROM parent WHERE id = 14 AND k = 4) LIKE '%parent_low_default', 'and beside it';
    ASSERT NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname LIKE 'recast\_not\_%'), 'no CHECK of ours is left';
END $$;
