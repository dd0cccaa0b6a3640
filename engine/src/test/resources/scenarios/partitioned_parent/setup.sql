-- --table on a partitioned table repacks every leaf, at every level; the parents keep their oids
CREATE TABLE target (id int, k int NOT NULL, v text, PRIMARY KEY (id, k)) PARTITION BY RANGE (id);
CREATE TABLE target_1 PARTITION OF target FOR VALUES FROM (0) TO (1000);
CREATE TABLE target_2 PARTITION OF target FOR VALUES FROM (1000) TO (2000) PARTITION BY HASH (k);
CREATE TABLE target_2_h0 PARTITION OF target_2 FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE target_2_h1 PARTITION OF target_2 FOR VALUES WITH (MODULUS 2, REMAINDER 1);
CREATE TABLE target_empty PARTITION OF target FOR VALUES FROM (2000) TO (3000);
CREATE INDEX target_v ON target (v);
CREATE VIEW target_all AS SELECT * FROM target;
INSERT INTO target SELECT g, g % 13, 'v' || g FROM generate_series(0, 1999) g;
DELETE FROM target WHERE id % 4 = 0;
