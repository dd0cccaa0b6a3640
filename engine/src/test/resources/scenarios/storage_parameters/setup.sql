CREATE TABLE target (id int PRIMARY KEY, v text, w text)
    WITH (fillfactor = 70, autovacuum_enabled = false, autovacuum_vacuum_scale_factor = 0.01,
          toast.autovacuum_enabled = false, toast_tuple_target = 256);
ALTER TABLE target ALTER COLUMN v SET STATISTICS 1000;
ALTER TABLE target ALTER COLUMN v SET STORAGE MAIN;
ALTER INDEX target_pkey SET (fillfactor = 50);
INSERT INTO target SELECT g, md5(g::text), repeat('w', 3000) FROM generate_series(1, 1500) g;
