CREATE TABLE target (code uuid NOT NULL, v int);
CREATE UNIQUE INDEX target_code ON target (code);
CREATE UNIQUE INDEX target_v_partial ON target (v) WHERE v > 100;
INSERT INTO target SELECT md5(g::text)::uuid, g FROM generate_series(1, 2000) g;
