-- a table with two inheritance parents: columns inherited only, inherited and declared again, and its
-- own; inherited CHECK and NOT NULL constraints, one declared again, one NOT VALID; a generated column
-- from a parent.
-- The new table is created under a stand-in parent of the table's shape and linked to the real
-- parents in the swap, so attislocal/attinhcount and conislocal/coninhcount come out as they were
CREATE TABLE base (id int NOT NULL, kind text NOT NULL DEFAULT 'plain', amount numeric CHECK (amount >= 0),
                   doubled int GENERATED ALWAYS AS (id * 2) STORED, CONSTRAINT kind_known CHECK (kind <> ''));
CREATE TABLE tagged (tag text COLLATE "C", note text DEFAULT 'none');
CREATE TABLE target (id int PRIMARY KEY, amount numeric CHECK (amount >= 0), own int DEFAULT 7,
                     CONSTRAINT own_positive CHECK (own > 0), CONSTRAINT only_here CHECK (own < 1000) NO INHERIT)
    INHERITS (base, tagged);
ALTER TABLE target ALTER COLUMN kind SET DEFAULT 'target';
COMMENT ON COLUMN target.kind IS 'inherited from base';
INSERT INTO base (id, amount) VALUES (-1, 1), (-2, 2);
INSERT INTO target (id, amount, tag, own) SELECT g, g % 50, 't' || (g % 7), 1 + g % 900 FROM generate_series(1, 3000) g;
UPDATE target SET amount = 5000 WHERE id % 100 = 0;
-- inherited NOT VALID, with rows that break it: added to the stand-in after the copy, unchecked
ALTER TABLE base ADD CONSTRAINT amount_small CHECK (amount < 1000) NOT VALID;
CREATE TABLE sibling () INHERITS (base);
INSERT INTO sibling (id, amount) VALUES (-10, 10);
