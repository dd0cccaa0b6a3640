CREATE TABLE target (region text COLLATE "C", n bigint, ts timestamptz DEFAULT '2024-01-01', note text,
                     PRIMARY KEY (region, n));
INSERT INTO target (region, n, note)
SELECT (ARRAY['eu', 'us', 'Ünïcode', 'a b', 'q''uote'])[1 + g % 5], g, 'n' || g FROM generate_series(1, 4000) g;
DELETE FROM target WHERE n % 3 = 0;
