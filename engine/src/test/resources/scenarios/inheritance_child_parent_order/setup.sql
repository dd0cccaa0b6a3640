-- children whose parents continue after the table: the new table is appended to their parents, and
-- each parent after the old table is moved behind it (through a stand-in of its shape), so the order
-- of their parents, and what they inherit from each, stay as they were
CREATE TABLE target (id int PRIMARY KEY, v text NOT NULL, CONSTRAINT v_set CHECK (v <> ''));
CREATE TABLE later_parent (x int NOT NULL DEFAULT 3, g int GENERATED ALWAYS AS (x * 2) STORED,
                           CONSTRAINT x_positive CHECK (x > 0));
CREATE TABLE last_parent (y text, v text NOT NULL);
CREATE TABLE first_parent (w int);
CREATE TABLE child (own int) INHERITS (first_parent, target, later_parent, last_parent);
INSERT INTO target SELECT g, 'v' || g FROM generate_series(1, 2000) g;
INSERT INTO child (id, v, x, y, own) SELECT g, 'c' || g, 1 + g % 5, 'y', g FROM generate_series(5001, 5100) g;
