DO $$BEGIN CREATE ROLE recast_sc_a NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END$$;
CREATE TABLE target (id int PRIMARY KEY, owner_name text);
ALTER TABLE target ENABLE ROW LEVEL SECURITY;
ALTER TABLE target FORCE ROW LEVEL SECURITY;
CREATE POLICY mine ON target FOR SELECT TO recast_sc_a USING (owner_name = current_user);
CREATE POLICY none_for_owner ON target AS RESTRICTIVE USING (false);
INSERT INTO target SELECT g, 'u' || (g % 3) FROM generate_series(1, 1000) g;
