CREATE TABLE target (id int PRIMARY KEY);
CREATE TABLE target_child () INHERITS (target);
