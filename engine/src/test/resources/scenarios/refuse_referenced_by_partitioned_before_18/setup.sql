-- before 18 a partitioned table cannot take a NOT VALID foreign key, so the swap could add its key back
-- only by checking every row under the lock
CREATE TABLE target (id int PRIMARY KEY);
INSERT INTO target SELECT generate_series(1, 100);
CREATE TABLE child (id int, target_id int REFERENCES target) PARTITION BY RANGE (id);
CREATE TABLE child_1 PARTITION OF child FOR VALUES FROM (0) TO (1000);
