-- a child whose parents come after the table: appending the new table would change their order
CREATE TABLE target (id int PRIMARY KEY);
CREATE TABLE later_parent (x int);
CREATE TABLE child () INHERITS (target, later_parent);
