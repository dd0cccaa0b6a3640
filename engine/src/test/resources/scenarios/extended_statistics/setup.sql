CREATE TABLE target (id int PRIMARY KEY, a int, b int, c text);
CREATE STATISTICS target_ab (ndistinct, dependencies) ON a, b FROM target;
CREATE STATISTICS "Target MCV" (mcv) ON a, c FROM target;
ALTER STATISTICS target_ab SET STATISTICS 300;
COMMENT ON STATISTICS target_ab IS 'a and b move together';
INSERT INTO target SELECT g, g % 10, g % 10, 'c' || (g % 7) FROM generate_series(1, 2000) g;
ANALYZE target;
