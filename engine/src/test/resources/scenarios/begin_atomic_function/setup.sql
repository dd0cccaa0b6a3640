CREATE TABLE target (id int PRIMARY KEY);
CREATE FUNCTION target_count() RETURNS bigint LANGUAGE sql BEGIN ATOMIC SELECT count(*) FROM target; END;
