CREATE TABLE target (id int PRIMARY KEY, big text, blob bytea);
INSERT INTO target SELECT g, repeat(md5(g::text), 400 + g % 300), decode(repeat(md5(g::text), 200), 'hex')
FROM generate_series(1, 400) g;
UPDATE target SET big = big || 'x' WHERE id % 4 = 0;
