-- views on a materialized view the swap builds again (and a view on such a view,
-- with a view beside them that reads both the table and the materialized view): dropped before it and
-- created again after it, with their options, grants, comments, column defaults and INSTEAD OF trigger
CREATE TABLE target (id int PRIMARY KEY, grp int NOT NULL, amount numeric);
INSERT INTO target SELECT g, g % 10, g * 1.5 FROM generate_series(1, 3000) g;
CREATE MATERIALIZED VIEW target_totals AS SELECT grp, sum(amount) AS total FROM target GROUP BY grp;
CREATE UNIQUE INDEX target_totals_grp ON target_totals (grp);
CREATE VIEW target_big WITH (security_barrier) AS SELECT grp, total FROM target_totals WHERE total > 100000;
COMMENT ON VIEW target_big IS 'large groups';
COMMENT ON COLUMN target_big.total IS 'the total';
GRANT SELECT ON target_big TO PUBLIC;
CREATE VIEW target_share AS
    SELECT t.id, t.amount / m.total AS share FROM target t JOIN target_totals m USING (grp);
CREATE VIEW target_big_groups AS SELECT grp FROM target_big;
ALTER VIEW target_big_groups ALTER COLUMN grp SET DEFAULT 0;
GRANT SELECT (grp) ON target_big_groups TO PUBLIC;
CREATE FUNCTION target_no_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
CREATE TRIGGER no_insert INSTEAD OF INSERT ON target_big_groups
    FOR EACH ROW EXECUTE FUNCTION target_no_insert();
-- a materialized view on a view of the materialized view, and a view on that one: built after them
CREATE MATERIALIZED VIEW target_top AS SELECT grp, total FROM target_big ORDER BY total DESC LIMIT 3;
CREATE UNIQUE INDEX target_top_grp ON target_top (grp);
COMMENT ON MATERIALIZED VIEW target_top IS 'the largest groups';
CREATE VIEW target_top_groups AS SELECT grp FROM target_top;
