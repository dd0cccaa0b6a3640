-- a partition of a sub-partitioned table beside that table's DEFAULT partition: the CHECK on the
-- DEFAULT partition holds NOT (the partition's whole constraint, its parent's included) and NOT (its
-- bound alone), from which PostgreSQL proves the attach needs no scan (13 to 17 use the first, 18 the
-- second)
CREATE TABLE parent (id int NOT NULL, k int NOT NULL, v text, PRIMARY KEY (id, k)) PARTITION BY RANGE (id);
CREATE TABLE parent_low PARTITION OF parent FOR VALUES FROM (0) TO (1000) PARTITION BY LIST (k);
CREATE TABLE target PARTITION OF parent_low FOR VALUES IN (1, 2);
CREATE TABLE parent_low_default PARTITION OF parent_low DEFAULT;
CREATE TABLE parent_high PARTITION OF parent FOR VALUES FROM (1000) TO (2000);
INSERT INTO parent SELECT g, g % 5, 'v' || g FROM generate_series(0, 1999) g;
DELETE FROM parent WHERE id % 7 = 0;
