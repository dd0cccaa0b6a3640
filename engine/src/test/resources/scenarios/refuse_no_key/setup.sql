CREATE TABLE target (id int, v text);
CREATE UNIQUE INDEX ON target (id);
INSERT INTO target SELECT g, 'v' FROM generate_series(1, 100) g;
