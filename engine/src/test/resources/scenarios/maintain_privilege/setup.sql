DO $$BEGIN CREATE ROLE recast_sc_a NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END$$;
CREATE TABLE target (id int PRIMARY KEY, v text);
GRANT MAINTAIN, SELECT ON target TO recast_sc_a;
INSERT INTO target SELECT g, 'v' FROM generate_series(1, 500) g;
