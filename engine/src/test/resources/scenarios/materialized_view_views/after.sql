-- the views read the new materialized view, which reads the new table
INSERT INTO target VALUES (100000, 3, 500000);
REFRESH MATERIALIZED VIEW CONCURRENTLY target_totals;
INSERT INTO target_big_groups VALUES (42);
DO $$
BEGIN
    ASSERT (SELECT total FROM target_big WHERE grp = 3) = (SELECT sum(amount) FROM target WHERE grp = 3), 'big';
    ASSERT (SELECT count(*) FROM target_big_groups) = (SELECT count(*) FROM target_big), 'reports';
    ASSERT (SELECT share FROM target_share WHERE id = 100000) = 500000 / (SELECT sum(amount) FROM target WHERE grp = 3),
        'share';
END $$;
