-- a partition beside the parent's DEFAULT partition, both holding rows: before the swap a validated
-- CHECK on the DEFAULT partition proves that none of its rows belongs to the partition, so the attach
-- scans nothing under the lock; the CHECK is dropped in the swap
CREATE TABLE parent (id int PRIMARY KEY, v text) PARTITION BY RANGE (id);
CREATE TABLE target PARTITION OF parent FOR VALUES FROM (0) TO (1000);
CREATE TABLE parent_high PARTITION OF parent FOR VALUES FROM (1000) TO (2000);
CREATE TABLE parent_default PARTITION OF parent DEFAULT;
INSERT INTO parent SELECT g, 'v' || g FROM generate_series(-500, 2500) g;
DELETE FROM parent WHERE id % 3 = 0;
