-- a materialized view whose query is too slow to run under the swap's lock: populated while the table
-- is empty, its query now sleeps 10 ms a row (an OR with a column, so it runs per row): 3 s, far beyond
-- half of the default 5 s --max-lock-hold
CREATE TABLE target (id int PRIMARY KEY);
CREATE MATERIALIZED VIEW target_mv AS SELECT count(*) FROM target WHERE pg_sleep(0.01) IS NOT NULL OR id IS NULL;
INSERT INTO target SELECT generate_series(1, 300);
