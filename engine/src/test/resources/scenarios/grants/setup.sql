DO $$BEGIN CREATE ROLE recast_sc_a NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END$$;
DO $$BEGIN CREATE ROLE recast_sc_b NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END$$;
CREATE TABLE target (id int PRIMARY KEY, secret text, open text);
GRANT SELECT (id, open), UPDATE (open) ON target TO recast_sc_a;
GRANT ALL ON target TO recast_sc_b WITH GRANT OPTION;
REVOKE TRUNCATE ON target FROM recast_sc_b;
GRANT SELECT ON target TO PUBLIC;
INSERT INTO target SELECT g, 's', 'o' FROM generate_series(1, 500) g;
