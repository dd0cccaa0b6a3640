CREATE TABLE ref (id int PRIMARY KEY);
INSERT INTO ref SELECT generate_series(1, 10);
CREATE TABLE target (id int PRIMARY KEY, a int CHECK (a >= 0), b int, c int, during int4range, r int,
    CONSTRAINT target_b_key UNIQUE (b) DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT target_c_key UNIQUE (c) DEFERRABLE,
    CONSTRAINT target_no_overlap EXCLUDE USING gist (during WITH &&),
    CONSTRAINT target_ab CHECK (a < 100000) NO INHERIT,
    CONSTRAINT target_r_fk FOREIGN KEY (r) REFERENCES ref (id) ON UPDATE CASCADE ON DELETE SET NULL);
INSERT INTO target SELECT g, g, g, -g, int4range(g * 10, g * 10 + 5), 1 + g % 10 FROM generate_series(1, 2000) g;
INSERT INTO target (id, a) VALUES (5000, 1);
ALTER TABLE target ADD CONSTRAINT target_not_valid CHECK (a > 1) NOT VALID;
ALTER TABLE target ADD CONSTRAINT target_fk_not_valid FOREIGN KEY (a) REFERENCES ref (id) NOT VALID;
COMMENT ON CONSTRAINT target_not_valid ON target IS 'old rows may break it';
