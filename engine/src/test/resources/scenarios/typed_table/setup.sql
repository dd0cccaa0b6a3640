-- a typed table (CREATE TABLE ... OF type): the new table is created OF the same type, with the same
-- column options (defaults, NOT NULL); the type, which other objects may use, is not the table's own
CREATE TYPE target_type AS (id int, note text, amount numeric(10, 2));
CREATE TABLE target OF target_type (PRIMARY KEY (id), note WITH OPTIONS DEFAULT 'none' NOT NULL,
    CONSTRAINT amount_positive CHECK (amount > 0));
COMMENT ON COLUMN target.note IS 'from the type';
INSERT INTO target SELECT g, 'n' || g, g FROM generate_series(1, 2000) g;
CREATE TABLE uses_type (id int PRIMARY KEY, t target_type);
INSERT INTO uses_type VALUES (1, ROW(1, 'x', 2));
