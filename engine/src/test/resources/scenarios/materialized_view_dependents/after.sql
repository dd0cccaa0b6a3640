-- the routines and rules name the new materialized view and view
INSERT INTO target VALUES (100000, 3, 500000);
REFRESH MATERIALIZED VIEW CONCURRENTLY target_totals;
INSERT INTO target_big (grp, total) VALUES (3, 0);
DO $$
BEGIN
    ASSERT target_total(3) = (SELECT sum(amount) FROM target WHERE grp = 3), 'routine';
    ASSERT target_big_count() = (SELECT count(*) FROM target_totals WHERE total > 100000), 'routine on the view';
    ASSERT (SELECT count(*) FROM target_requests WHERE grp = 3) = 1, 'rule on the view';
    ASSERT (SELECT total FROM target_log WHERE grp = 3) = target_total(3), 'rule reading the materialized view';
END $$;
