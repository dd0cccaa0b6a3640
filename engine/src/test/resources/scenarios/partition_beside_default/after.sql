-- rows route through the parent as before: into the new partition, and beside it into the DEFAULT one,
-- which no longer carries recast's CHECK
INSERT INTO parent VALUES (999, 'in'), (-999, 'default'), (5000, 'default');
DO $$
BEGIN
    ASSERT (SELECT tableoid::regclass::text FROM parent WHERE id = 999) LIKE '%target', 'routed to the partition';
    ASSERT (SELECT count(*) FROM parent_default WHERE id IN (-999, 5000)) = 2, 'routed to the default';
    ASSERT NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname LIKE 'recast\_not\_%'), 'no CHECK of ours is left';
END $$;
ALTER TABLE parent DETACH PARTITION target;
INSERT INTO parent VALUES (500, 'now in the default');
