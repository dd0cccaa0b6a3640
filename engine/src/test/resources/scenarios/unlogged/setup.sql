CREATE UNLOGGED TABLE target (id int PRIMARY KEY, v text);
INSERT INTO target SELECT g, 'v' FROM generate_series(1, 1000) g;
