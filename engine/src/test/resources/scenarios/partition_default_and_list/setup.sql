-- the DEFAULT partition of a list-partitioned table, itself a sub-partition of a range parent
CREATE TABLE parent (region text NOT NULL, id bigint NOT NULL, v jsonb, PRIMARY KEY (region, id))
    PARTITION BY LIST (region);
CREATE TABLE parent_eu PARTITION OF parent FOR VALUES IN ('de', 'fr');
CREATE TABLE parent_rest PARTITION OF parent DEFAULT PARTITION BY RANGE (id);
CREATE TABLE target PARTITION OF parent_rest DEFAULT;
CREATE TABLE parent_rest_low PARTITION OF parent_rest FOR VALUES FROM (MINVALUE) TO (100);
INSERT INTO parent SELECT (ARRAY['de', 'fr', 'us', 'jp'])[1 + g % 4], g, jsonb_build_object('g', g)
    FROM generate_series(1, 3000) g;
UPDATE parent SET v = v || '{"u": 1}' WHERE id % 7 = 0;
