-- a partitioned table references the table: from 18 the swap adds its key back NOT VALID (which
-- PostgreSQL then allows on a partitioned table) and validates it after the commit
CREATE TABLE target (id int PRIMARY KEY, v text);
INSERT INTO target SELECT g, 'v' || g FROM generate_series(1, 2000) g;
CREATE TABLE child (id int, target_id int, CONSTRAINT child_target FOREIGN KEY (target_id) REFERENCES target
    ON DELETE CASCADE) PARTITION BY RANGE (id);
CREATE TABLE child_1 PARTITION OF child FOR VALUES FROM (0) TO (1000);
CREATE TABLE child_2 PARTITION OF child FOR VALUES FROM (1000) TO (2000);
INSERT INTO child SELECT g, g + 1 FROM generate_series(0, 1999, 3) g;
