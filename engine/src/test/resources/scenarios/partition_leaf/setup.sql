-- a range partition: the parent's key, index, CHECK, NOT NULL and row trigger are inherited (the
-- trigger as a clone, disabled on this partition only); its own index, trigger, comment, grant,
-- storage parameter and a view on it are its own; dead rows; rows in the other partitions too
CREATE TABLE parent (id int PRIMARY KEY, at date NOT NULL, v text CHECK (v <> ''), n int DEFAULT 7)
    PARTITION BY RANGE (id);
CREATE INDEX parent_at ON parent (at);
CREATE FUNCTION nothing() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NULL; END$$;
CREATE TRIGGER parent_row AFTER UPDATE ON parent FOR EACH ROW EXECUTE FUNCTION nothing();
CREATE TABLE target_1 PARTITION OF parent FOR VALUES FROM (0) TO (1000);
CREATE TABLE target_2 PARTITION OF parent (n DEFAULT 9) FOR VALUES FROM (1000) TO (2000) WITH (fillfactor = 80);
CREATE TABLE target_3 PARTITION OF parent FOR VALUES FROM (2000) TO (MAXVALUE);
CREATE INDEX target_2_v ON target_2 (v) WHERE v LIKE 'x%';
CREATE TRIGGER own_row BEFORE INSERT ON target_2 FOR EACH ROW EXECUTE FUNCTION nothing();
ALTER TABLE target_2 DISABLE TRIGGER own_row;
ALTER TABLE target_2 DISABLE TRIGGER parent_row;
COMMENT ON TABLE target_2 IS 'the middle one';
GRANT SELECT ON target_2 TO PUBLIC;
CREATE VIEW target_2_recent AS SELECT id, v FROM target_2 WHERE id > 1500;
INSERT INTO parent SELECT g, DATE '2024-01-01' + g % 400, 'v' || g FROM generate_series(0, 2999) g;
DELETE FROM parent WHERE id % 3 = 0;
