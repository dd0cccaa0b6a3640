INSERT INTO other VALUES (7000);
INSERT INTO target_ids VALUES (7001);
DELETE FROM target WHERE id = 1;
DO $$
BEGIN
    ASSERT (SELECT v FROM target WHERE id = 7000) = 'copied', 'the rule on another table writes the new table';
    ASSERT (SELECT v FROM target WHERE id = 7001) = 'via view', 'the rule on a view too';
    ASSERT (SELECT count(*) FROM audit WHERE id = 1 AND what = 'deleted') = 1, 'the rule on the table';
END $$;
