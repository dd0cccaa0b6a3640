-- the views read the new materialized view, which reads the new table
INSERT INTO target VALUES (100000, 3, 500000);
REFRESH MATERIALIZED VIEW CONCURRENTLY target_totals;
REFRESH MATERIALIZED VIEW CONCURRENTLY target_top;
INSERT INTO target_big_groups VALUES (42);
DO $$
BEGIN
    ASSERT (SELECT total FROM target_big WHERE grp = 3) = (SELECT sum(amount) FROM target WHERE grp = 3), 'big';
    ASSERT (SELECT count(*) FROM target_big_groups) = (SELECT count(*) FROM target_big), 'reports';
    ASSERT (SELECT max(total) FROM target_top) = (SELECT max(total) FROM target_big), 'top';
    ASSERT (SELECT count(*) FROM target_top_groups) = (SELECT count(*) FROM target_top), 'top groups';
    ASSERT (SELECT share FROM target_share WHERE id = 100000) = 500000 / (SELECT sum(amount) FROM target WHERE grp = 3),
        'share';
END $$;
