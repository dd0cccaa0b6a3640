CREATE TABLE target (id bigint PRIMARY KEY, gone1 text, keep1 int, gone2 jsonb, keep2 text DEFAULT 'd');
INSERT INTO target SELECT g, 'x', g, '{}', 'k' || g FROM generate_series(1, 2000) g;
ALTER TABLE target DROP COLUMN gone1;
ALTER TABLE target DROP COLUMN gone2;
ALTER TABLE target ADD COLUMN added numeric DEFAULT 1.5;
