-- a table with inheritance children (and a grandchild): each child gains the new table as a parent
-- before it loses the old one, so its inherited columns and constraints stay inherited
CREATE TABLE target (id int PRIMARY KEY, v text NOT NULL, n int CHECK (n >= 0),
                     CONSTRAINT target_local CHECK (id > -100000) NO INHERIT);
CREATE TABLE child_a (extra text, CONSTRAINT child_a_extra CHECK (extra <> '')) INHERITS (target);
CREATE TABLE child_b (v text NOT NULL, n int CHECK (n >= 0)) INHERITS (target);
CREATE TABLE grandchild (deep int) INHERITS (child_a);
CREATE TABLE other_parent (o int);
CREATE TABLE child_c () INHERITS (other_parent, target);
INSERT INTO target SELECT g, 'v' || g, g % 10 FROM generate_series(1, 3000) g;
INSERT INTO child_a SELECT g, 'a' || g, 1, 'x' FROM generate_series(5001, 5100) g;
INSERT INTO child_b SELECT g, 'b' || g, 2 FROM generate_series(6001, 6100) g;
INSERT INTO grandchild SELECT g, 'g' || g, 3, 'y', g FROM generate_series(7001, 7100) g;
INSERT INTO child_c (id, v, n, o) VALUES (8001, 'c', 4, 1);
