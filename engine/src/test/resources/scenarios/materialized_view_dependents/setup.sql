-- what names a materialized view the swap builds again, or a view on it, and is not a view: routines
-- with SQL-standard bodies, a rule on another table that reads it, a rule on the view on it. The swap
-- moves the old ones aside, makes the new ones, replaces the routines and rules from their definitions
-- (which then name the new ones) and drops the old ones.
CREATE TABLE target (id int PRIMARY KEY, grp int NOT NULL, amount numeric);
INSERT INTO target SELECT g, g % 10, g * 1.5 FROM generate_series(1, 3000) g;
CREATE MATERIALIZED VIEW target_totals AS SELECT grp, sum(amount) AS total FROM target GROUP BY grp;
CREATE UNIQUE INDEX target_totals_grp ON target_totals (grp);
CREATE VIEW target_big AS SELECT grp, total FROM target_totals WHERE total > 100000;
CREATE FUNCTION target_total(g int) RETURNS numeric LANGUAGE sql STABLE
    BEGIN ATOMIC SELECT total FROM target_totals WHERE grp = g; END;
-- split
CREATE FUNCTION target_big_count() RETURNS bigint LANGUAGE sql STABLE RETURN (SELECT count(*) FROM target_big);
REVOKE EXECUTE ON FUNCTION target_big_count() FROM PUBLIC;
COMMENT ON FUNCTION target_total(int) IS 'a group''s total';
CREATE TABLE target_requests (grp int);
CREATE TABLE target_log (grp int, total numeric);
CREATE RULE log_total AS ON INSERT TO target_requests
    DO ALSO INSERT INTO target_log SELECT grp, total FROM target_totals WHERE grp = new.grp;
CREATE RULE big_insert AS ON INSERT TO target_big DO INSTEAD INSERT INTO target_requests VALUES (new.grp);
COMMENT ON RULE big_insert ON target_big IS 'requests through the view';
