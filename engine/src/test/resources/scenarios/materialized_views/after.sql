-- the rebuilt view reads the new table: a refresh (CONCURRENTLY needs its unique index) sees new rows
INSERT INTO target VALUES (100000, 3, 1000);
REFRESH MATERIALIZED VIEW CONCURRENTLY target_totals;
REFRESH MATERIALIZED VIEW target_later;
DO $$
BEGIN
    ASSERT (SELECT total FROM target_totals WHERE grp = 3) = (SELECT sum(amount) FROM target WHERE grp = 3), 'totals';
    ASSERT (SELECT count(*) FROM target_later) = (SELECT count(*) FROM target WHERE grp = 3), 'later';
END $$;
