CREATE TABLE target (id int PRIMARY KEY, code text, CONSTRAINT target_code_key UNIQUE NULLS NOT DISTINCT (code));
CREATE UNIQUE INDEX target_nnd ON target (lower(code)) NULLS NOT DISTINCT WHERE id > 10;
INSERT INTO target SELECT g, CASE WHEN g = 5 THEN NULL ELSE 'c' || g END FROM generate_series(1, 1000) g;
