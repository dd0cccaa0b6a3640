CREATE TABLE target (id int PRIMARY KEY, v text NOT NULL);
INSERT INTO target SELECT g, md5(g::text) FROM generate_series(1, 3000) g;
DELETE FROM target WHERE id % 2 = 0;
