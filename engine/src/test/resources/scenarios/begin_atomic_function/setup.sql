-- SQL-standard bodies are bound to the table's oid: re-created in the swap, owner, grants and
-- comments kept (the old table could not be dropped if one still pointed at it)
CREATE TABLE target (id int PRIMARY KEY, v text);
INSERT INTO target SELECT g, 'v' || g FROM generate_series(1, 1000) g;
CREATE FUNCTION target_count() RETURNS bigint LANGUAGE sql STABLE BEGIN ATOMIC SELECT count(*) FROM target; END;
-- split
CREATE PROCEDURE target_touch(i int) LANGUAGE sql BEGIN ATOMIC UPDATE target SET v = v WHERE id = i; END;
-- split
REVOKE ALL ON FUNCTION target_count() FROM PUBLIC;
COMMENT ON FUNCTION target_count() IS 'all rows';
CREATE FUNCTION target_v(i int) RETURNS text LANGUAGE sql STABLE RETURN (SELECT v FROM target WHERE id = i);
