CREATE TABLE target (id int PRIMARY KEY, w text COMPRESSION pglz, x text);
ALTER TABLE target ALTER COLUMN x SET COMPRESSION pglz;
INSERT INTO target SELECT g, repeat('w', 5000), repeat('x', 3000) FROM generate_series(1, 300) g;
