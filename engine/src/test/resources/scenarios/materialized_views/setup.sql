-- rebuilt in the swap by default (their queries are cheap): populated and unpopulated, with storage
-- parameters, a unique and a plain index (one clustered, one commented), grants, comments
CREATE TABLE target (id int PRIMARY KEY, grp int NOT NULL, amount numeric);
INSERT INTO target SELECT g, g % 10, g * 1.5 FROM generate_series(1, 3000) g;
DELETE FROM target WHERE id % 4 = 0;
CREATE MATERIALIZED VIEW target_totals WITH (fillfactor = 70) AS
    SELECT grp, sum(amount) AS total, count(*) AS n FROM target GROUP BY grp;
CREATE UNIQUE INDEX target_totals_grp ON target_totals (grp);
CREATE INDEX target_totals_total ON target_totals (total) WITH (fillfactor = 60);
ALTER MATERIALIZED VIEW target_totals CLUSTER ON target_totals_grp;
COMMENT ON INDEX target_totals_total IS 'by total';
COMMENT ON MATERIALIZED VIEW target_totals IS 'per group';
COMMENT ON COLUMN target_totals.n IS 'rows';
GRANT SELECT ON target_totals TO PUBLIC;
CREATE MATERIALIZED VIEW target_later AS SELECT id FROM target WHERE grp = 3 WITH NO DATA;
