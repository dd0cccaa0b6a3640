-- a partition of a partitioned table that other tables reference: the swap drops their keys before the
-- detach (which would otherwise check every referencing row under the lock) and adds them back NOT VALID
-- after the attach; they are validated after the commit. From 18 a partitioned table's key is moved too.
CREATE TABLE parent (id int PRIMARY KEY, v text) PARTITION BY RANGE (id);
CREATE TABLE target PARTITION OF parent FOR VALUES FROM (0) TO (1000);
CREATE TABLE parent_high PARTITION OF parent FOR VALUES FROM (1000) TO (2000);
INSERT INTO parent SELECT g, 'v' || g FROM generate_series(0, 1999) g;
CREATE TABLE child (id int PRIMARY KEY, parent_id int REFERENCES parent ON DELETE CASCADE);
COMMENT ON CONSTRAINT child_parent_id_fkey ON child IS 'every child has its parent';
INSERT INTO child SELECT g, g * 2 FROM generate_series(1, 900) g;
DO $$
BEGIN
    IF current_setting('server_version_num')::int >= 180000 THEN
        CREATE TABLE child_log (id int, parent_id int, CONSTRAINT child_log_parent FOREIGN KEY (parent_id)
            REFERENCES parent ON DELETE SET NULL) PARTITION BY HASH (id);
        CREATE TABLE child_log_0 PARTITION OF child_log FOR VALUES WITH (MODULUS 2, REMAINDER 0);
        CREATE TABLE child_log_1 PARTITION OF child_log FOR VALUES WITH (MODULUS 2, REMAINDER 1);
        INSERT INTO child_log SELECT g, g FROM generate_series(1, 500) g;
    END IF;
END $$;
